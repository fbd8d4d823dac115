using Pigment.Classic.Imaging;
using Pigment.Classic.Noise;
using Pigment.Core;

namespace Pigment.Classic.Procedural;

/// <summary>
/// Small colour textures drawn from noise, to have quilting and synthesis samples of our own (data/textures/ holds
/// the ones the README shows). Both tile seamlessly: the layouts repeat across the image and the noise is periodic.
/// </summary>
public static class SampleTextures
{
    /// <summary>The names <see cref="Render"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["bricks", "weave"];

    public static FloatImage Render(string name, int size, long seed) => name.ToLowerInvariant() switch
    {
        "bricks" => Bricks(size, seed),
        "weave" => Weave(size, seed),
        _ => throw new PigmentException($"Unknown sample texture '{name}'; choose one of {string.Join(", ", Names)}."),
    };

    /// <summary>
    /// Running-bond brickwork: 8 courses of 4 bricks per tile, each course shifted by half a brick, light mortar
    /// joints; every brick gets its own hue and brightness, and fbm grain roughens faces and joints.
    /// </summary>
    public static FloatImage Bricks(int size, long seed)
    {
        RequireSize(size);
        var image = new FloatImage(size, size, 3);
        var grain = Field(size, seed, 1, frequency: 16);
        var stain = Field(size, seed, 2, frequency: 4);
        int courses = 8, perCourse = 4;
        double courseHeight = size / (double)courses, brickWidth = size / (double)perCourse, mortar = Math.Max(1.5, size / 64.0);
        int mix = Seeds.Mix(seed, 3);
        Parallel.For(0, size, y =>
        {
            for (int x = 0; x < size; x++)
            {
                int course = (int)(y / courseHeight);
                double shift = course % 2 == 1 ? brickWidth / 2 : 0;
                double bx = (x + shift) % size;
                int brick = (int)(bx / brickWidth);
                double inY = y - course * courseHeight, inX = bx - brick * brickWidth;
                // Distance to the nearest joint, softened by the grain so the joints are not ruler-straight.
                double edge = Math.Min(Math.Min(inY, courseHeight - inY), Math.Min(inX, brickWidth - inX)) + 1.2 * grain[y * size + x];
                uint h = (uint)Seeds.Mix(mix, course, brick);
                double tone = 0.75 + 0.3 * ((h & 0xFF) / 255.0), hue = (h >> 8 & 0xFF) / 255.0;
                double g = grain[y * size + x], st = stain[y * size + x];
                (double r, double gr, double b) brickColor = (
                    tone * (0.62 + 0.1 * hue) + 0.08 * g - 0.1 * st,
                    tone * (0.27 + 0.06 * hue) + 0.06 * g - 0.06 * st,
                    tone * (0.19 + 0.03 * hue) + 0.05 * g - 0.04 * st);
                (double r, double gr, double b) mortarColor = (0.72 + 0.08 * g, 0.69 + 0.08 * g, 0.62 + 0.08 * g);
                // A one-pixel smooth step from joint to face (anti-aliased edges).
                double t = Math.Clamp(edge - mortar + 0.5, 0, 1);
                image[x, y, 0] = (float)(mortarColor.r + t * (brickColor.r - mortarColor.r));
                image[x, y, 1] = (float)(mortarColor.gr + t * (brickColor.gr - mortarColor.gr));
                image[x, y, 2] = (float)(mortarColor.b + t * (brickColor.b - mortarColor.b));
            }
        });
        return image;
    }

    /// <summary>
    /// A basket weave: 4 × 4 cells per tile alternating horizontal and vertical pairs of threads, each thread shaded as
    /// a rounded cylinder (brightness √(1 − s²) across its width), with noise for fibre and dye irregularity.
    /// </summary>
    public static FloatImage Weave(int size, long seed)
    {
        RequireSize(size);
        var image = new FloatImage(size, size, 3);
        var fibre = Field(size, seed, 1, frequency: 32);
        var dye = Field(size, seed, 2, frequency: 4);
        int cells = 4, threads = 2;
        double cell = size / (double)cells, thread = cell / threads;
        Parallel.For(0, size, y =>
        {
            for (int x = 0; x < size; x++)
            {
                int cx = (int)(x / cell), cy = (int)(y / cell);
                bool horizontal = (cx + cy) % 2 == 0;
                // Position across the thread in [−1, 1].
                double across = horizontal ? y % thread / thread * 2 - 1 : x % thread / thread * 2 - 1;
                double along = horizontal ? x % cell / cell : y % cell / cell;
                // Cylinder shading, darker where the thread dips under its neighbour at the cell's ends.
                double shade = Math.Sqrt(Math.Max(0, 1 - across * across)) * (0.75 + 0.25 * Math.Sin(Math.PI * along));
                double f = fibre[y * size + x], d = dye[y * size + x];
                double light = 0.25 + 0.7 * shade + 0.08 * f;
                (double r, double g, double b) warp = (0.86, 0.74, 0.48), weft = (0.70, 0.52, 0.30);
                var c = horizontal ? warp : weft;
                image[x, y, 0] = (float)(light * c.r + 0.05 * d);
                image[x, y, 1] = (float)(light * c.g + 0.04 * d);
                image[x, y, 2] = (float)(light * c.b + 0.02 * d);
            }
        });
        return image;
    }

    /// <summary>Tileable 4-octave Perlin fbm in [−1, 1] (stretched), one value per pixel.</summary>
    private static float[] Field(int size, long seed, int salt, int frequency)
    {
        var settings = new ProceduralSettings
        {
            Kind = NoiseKind.Perlin,
            Size = size,
            Octaves = 4,
            Frequency = Math.Min(frequency, size),
            Tileable = true,
            Seed = Seeds.Mix(seed, salt),
        };
        var data = ProceduralGenerator.Render(settings).Data;
        for (int i = 0; i < data.Length; i++)
            data[i] = 2 * data[i] - 1;
        return data;
    }

    private static void RequireSize(int size)
    {
        if (size is < 16 or > 4096)
            throw new PigmentException($"A sample texture's size must be from 16 to 4096 pixels, not {size}.");
    }
}
