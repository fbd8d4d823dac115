using Pigment.Core.Data.Shapes;
using Pigment.Core.Imaging;

namespace Pigment.Evaluation.Scenes;

/// <summary>An object found in an image: its shape, colour, size class, centre (pixels) and area (pixels).</summary>
public sealed record DetectedObject(ShapeKind Kind, string Color, ShapeSize Size, double CenterX, double CenterY, int Area, double Match);

/// <summary>What <see cref="SceneParser"/> reads from an image: the background colour and the objects.</summary>
public sealed record DetectedScene(int ImageSize, string Background, IReadOnlyList<DetectedObject> Objects);

/// <summary>
/// Reads a shapes scene back from its pixels, without learning, so that it can judge generated images by the
/// dataset's own ground truth: (1) the background is the palette background nearest the border's median colour;
/// (2) foreground = pixels farther than 40 (RGB distance) from it, split into 4-connected components, components under
/// 20 pixels dropped as noise; (3) a component's colour is the palette colour nearest the mean of its most
/// saturated quarter (edge pixels blend with the background); (4) its coverage (0 at the background's colour, 1 at
/// its own) is compared with every kind's anti-aliased template, sharp and blurred by one pixel, at the component's
/// centre and area and at rotations −10° … 10°: the best soft intersection over union names the shape, and the
/// template's radius gives small or large.
/// </summary>
public static class SceneParser
{
    private const double ForegroundDistance = 40;
    private const int MinimumArea = 20;
    private static readonly float[] Rotations = [-10, -5, 0, 5, 10];
    private static readonly ShapeColor White = new("white", 255, 255, 255);
    private static readonly ShapeColor Black = new("black", 0, 0, 0);

    /// <summary>Area of each kind's rendered shape per squared radius, measured once on large renders.</summary>
    private static readonly Dictionary<ShapeKind, double> AreaPerRadiusSquared = ShapeVocabulary.Kinds.ToDictionary(k => k, k =>
    {
        const int size = 256, radius = 100;
        var coverage = Template(new ShapeObject(k, White, ShapeSize.Large, size / 2f, size / 2f, radius, 0), size);
        return coverage.Sum() / (radius * radius);
    });

    public static DetectedScene Parse(PixelImage image)
    {
        if (image.Channels != 3 || image.Width != image.Height)
            throw new ArgumentException("The scene parser reads square RGB images.");
        int n = image.Width;
        var background = NearestColor(BorderMedian(image), ShapeVocabulary.Backgrounds);
        var foreground = new bool[n * n];
        var distance = new double[n * n];
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++)
            {
                distance[y * n + x] = Distance(Pixel(image, x, y), background);
                foreground[y * n + x] = distance[y * n + x] > ForegroundDistance;
            }

        var objects = new List<DetectedObject>();
        var seen = new bool[n * n];
        for (int start = 0; start < n * n; start++)
        {
            if (!foreground[start] || seen[start])
                continue;
            var component = Flood(foreground, seen, start, n);
            if (component.Count < MinimumArea)
                continue;
            objects.Add(Describe(image, component, distance, n));
        }
        return new DetectedScene(n, background.Name, objects);
    }

    private static DetectedObject Describe(PixelImage image, List<int> component, double[] distance, int n)
    {
        double cx = component.Average(i => i % n) + 0.5, cy = component.Average(i => i / n) + 0.5;
        // Colour: the mean of the quarter of the pixels farthest from the background (the object's own colour; its
        // edges, and all of a thin blurred shape's rim, blend with the background).
        var core = component.OrderByDescending(i => distance[i]).Take(Math.Max(1, component.Count / 4)).ToArray();
        double r = core.Average(i => (double)image[i % n, i / n, 0]), g = core.Average(i => (double)image[i % n, i / n, 1]), b = core.Average(i => (double)image[i % n, i / n, 2]);
        var color = NearestColor((r, g, b), ShapeVocabulary.ObjectColors);

        // Coverage: how far each pixel is from the background towards the object's colour, 0 … 1 (an anti-aliased
        // render's alpha). Compared with each kind's template, sharp and slightly blurred, by soft IoU = Σ min / Σ max,
        // so that the softened edges of generated and reconstructed images are judged by their shape, not their blur.
        double full = core.Average(i => distance[i]);
        var coverage = new double[n * n];
        double area = 0;
        foreach (int i in component)
        {
            coverage[i] = Math.Clamp(distance[i] / full, 0, 1);
            area += coverage[i];
        }
        ShapeKind best = ShapeKind.Circle;
        double bestIou = -1, bestRadius = 0;
        foreach (var kind in ShapeVocabulary.Kinds)
        {
            double radius = Math.Sqrt(area / AreaPerRadiusSquared[kind]);
            foreach (var rotation in kind == ShapeKind.Circle ? [0f] : Rotations)
            {
                var template = Template(new ShapeObject(kind, White, ShapeSize.Large, (float)cx, (float)cy, (float)radius, rotation), n);
                foreach (var candidate in new[] { template, Blur(template, n) })
                {
                    double iou = SoftIou(coverage, candidate);
                    if (iou > bestIou)
                        (best, bestIou, bestRadius) = (kind, iou, radius);
                }
            }
        }
        // The generator draws radii of 0.13 and 0.2 of the side (±10%): split halfway.
        var size = bestRadius / n < (ShapeVocabulary.RadiusFraction(ShapeSize.Small) + ShapeVocabulary.RadiusFraction(ShapeSize.Large)) / 2
            ? ShapeSize.Small : ShapeSize.Large;
        return new DetectedObject(best, color.Name, size, cx, cy, component.Count, bestIou);
    }

    /// <summary>The shape's anti-aliased coverage (0 … 1 per pixel), rendered alone.</summary>
    private static double[] Template(ShapeObject shape, int n)
    {
        var render = ShapeRenderer.Render(new ShapeScene(n, Black, [shape], null, false));
        var coverage = new double[n * n];
        for (int i = 0; i < n * n; i++)
            coverage[i] = render.Pixels[i * 3] / 255.0;
        return coverage;
    }

    /// <summary>A Gaussian blur with σ = 1 pixel (kernel ±2), separable, zero outside.</summary>
    private static double[] Blur(double[] a, int n)
    {
        double[] k = [0.0545, 0.2442, 0.4026, 0.2442, 0.0545];
        var rows = new double[n * n];
        var result = new double[n * n];
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++)
            {
                double sum = 0;
                for (int d = -2; d <= 2; d++)
                    if (x + d >= 0 && x + d < n)
                        sum += k[d + 2] * a[y * n + x + d];
                rows[y * n + x] = sum;
            }
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++)
            {
                double sum = 0;
                for (int d = -2; d <= 2; d++)
                    if (y + d >= 0 && y + d < n)
                        sum += k[d + 2] * rows[(y + d) * n + x];
                result[y * n + x] = sum;
            }
        return result;
    }

    private static double SoftIou(double[] a, double[] b)
    {
        double intersection = 0, union = 0;
        for (int i = 0; i < a.Length; i++)
        {
            intersection += Math.Min(a[i], b[i]);
            union += Math.Max(a[i], b[i]);
        }
        return union == 0 ? 0 : intersection / union;
    }

    private static List<int> Flood(bool[] foreground, bool[] seen, int start, int n)
    {
        var component = new List<int>();
        var stack = new Stack<int>();
        stack.Push(start);
        seen[start] = true;
        while (stack.Count > 0)
        {
            int i = stack.Pop();
            component.Add(i);
            int x = i % n, y = i / n;
            foreach (var (nx, ny) in new[] { (x - 1, y), (x + 1, y), (x, y - 1), (x, y + 1) })
            {
                if (nx < 0 || ny < 0 || nx >= n || ny >= n)
                    continue;
                int j = ny * n + nx;
                if (foreground[j] && !seen[j])
                {
                    seen[j] = true;
                    stack.Push(j);
                }
            }
        }
        return component;
    }

    private static (double R, double G, double B) Pixel(PixelImage image, int x, int y) => (image[x, y, 0], image[x, y, 1], image[x, y, 2]);

    private static (double R, double G, double B) BorderMedian(PixelImage image)
    {
        int n = image.Width;
        var border = Enumerable.Range(0, n).SelectMany(i => new[] { (i, 0), (i, n - 1), (0, i), (n - 1, i) }).Select(p => Pixel(image, p.Item1, p.Item2)).ToArray();
        double Median(Func<(double R, double G, double B), double> channel) => border.Select(channel).Order().ElementAt(border.Length / 2);
        return (Median(p => p.R), Median(p => p.G), Median(p => p.B));
    }

    private static double Distance((double R, double G, double B) p, ShapeColor c) =>
        Math.Sqrt((p.R - c.R) * (p.R - c.R) + (p.G - c.G) * (p.G - c.G) + (p.B - c.B) * (p.B - c.B));

    private static ShapeColor NearestColor((double R, double G, double B) p, IReadOnlyList<ShapeColor> palette) =>
        palette.MinBy(c => Distance(p, c))!;
}
