using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Pigment.Classic.Noise;
using Pigment.Classic.Procedural;
using Pigment.Core;
using Pigment.Core.Imaging;

namespace Pigment.Cli.Commands;

/// <summary>
/// <c>pigment procedural perlin|simplex|value|worley --size N [--octaves K] [--seed S] [--tileable] [--colormap NAME] --out FILE</c>,
/// plus <c>bricks|weave</c>, the sample textures drawn from noise.
/// </summary>
public static class ProceduralCommand
{
    private static readonly string[] NoiseNames = ["perlin", "simplex", "value", "worley"];

    public static Command Create()
    {
        var kind = new Argument<string>("kind") { Description = "perlin, simplex, value or worley noise; or bricks or weave (sample textures)." };
        kind.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!NoiseNames.Contains(value) && !SampleTextures.Names.Contains(value))
                result.AddError($"Unknown kind '{value}'; choose one of {string.Join(", ", NoiseNames.Concat(SampleTextures.Names))}.");
        });
        var size = Cli.Ranged("--size", "Width and height in pixels.", 1, 8192, 256);
        var octaves = Cli.Ranged("--octaves", "Octaves of the fractal sum.", 1, 16, 5);
        var frequency = Cli.Ranged("--frequency", "Lattice cells across the image at the first octave.", 0.01, 8192.0, 4.0);
        var lacunarity = Cli.Ranged("--lacunarity", "Frequency factor from one octave to the next.", 1.0, 8.0, 2.0);
        var gain = Cli.Ranged("--gain", "Amplitude factor from one octave to the next.", 0.01, 1.0, 0.5);
        var fractal = new Option<FractalKind>("--fractal") { Description = "fbm, ridged or turbulence.", DefaultValueFactory = _ => FractalKind.Fbm };
        var warp = Cli.Ranged("--warp", "Domain-warp strength, a fraction of the image width (0 = none).", 0.0, 4.0, 0.0);
        var feature = new Option<WorleyFeature>("--feature") { Description = "For worley: F1, F2 or F2MinusF1.", DefaultValueFactory = _ => WorleyFeature.F1 };
        var seed = new Option<long?>("--seed") { Description = "Seed (random if omitted; printed and stored in the PNG)." };
        var tileable = new Option<bool>("--tileable") { Description = "Make the image wrap seamlessly (frequencies rounded to whole cells)." };
        var colormap = new Option<string>("--colormap") { Description = $"Colour map: {string.Join(", ", ColorMap.Names)}.", DefaultValueFactory = _ => "gray" };
        var output = new Option<string>("--out") { Description = "The PNG (or JPEG) to write.", Required = true };

        var command = new Command("procedural", "Procedural noise images: Perlin, simplex, value, Worley; fBm, ridged, turbulence, domain warping.")
        {
            kind, size, octaves, frequency, lacunarity, gain, fractal, warp, feature, seed, tileable, colormap, output,
        };
        command.SetAction(parse =>
        {
            var name = parse.GetValue(kind)!;
            var outPath = parse.GetValue(output)!;
            RequireImagePath(outPath);
            var usedSeed = Seeds.Resolve(parse.GetValue(seed));
            int n = parse.GetValue(size);
            var watch = Stopwatch.StartNew();
            PixelImage image;
            GenerationParameters parameters;
            string summary;
            if (SampleTextures.Names.Contains(name))
            {
                image = SampleTextures.Render(name, n, usedSeed).ToPixels();
                parameters = new GenerationParameters { Model = $"procedural {name}", Seed = usedSeed, Width = n, Height = n };
                summary = name;
            }
            else
            {
                var map = ColorMap.Get(parse.GetValue(colormap)!);
                var settings = new ProceduralSettings
                {
                    Kind = Enum.Parse<NoiseKind>(name, ignoreCase: true),
                    Size = n,
                    Octaves = parse.GetValue(octaves),
                    Frequency = parse.GetValue(frequency),
                    Lacunarity = parse.GetValue(lacunarity),
                    Gain = parse.GetValue(gain),
                    Fractal = parse.GetValue(fractal),
                    Warp = parse.GetValue(warp),
                    Worley = parse.GetValue(feature),
                    Tileable = parse.GetValue(tileable),
                    Seed = usedSeed,
                };
                image = map.Apply(ProceduralGenerator.Render(settings));
                parameters = Describe(settings, map);
                summary = $"{name} {settings.Fractal.ToString().ToLowerInvariant()}, {settings.Octaves} octaves{(settings.Tileable ? ", tileable" : "")}, {map.Name}";
            }
            ImageIO.Save(image, outPath, parameters.Format());
            Cli.Line($"wrote {outPath} ({summary}, {n}x{n}, seed {usedSeed}) in {watch.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s");
            return 0;
        });
        return command;
    }

    /// <summary>Fails before any work when the output is not a .png/.jpg/.jpeg path.</summary>
    internal static void RequireImagePath(string path)
    {
        if (!ImageIO.IsImagePath(path))
            throw new PigmentException($"Cannot write '{path}': the output must end in .png, .jpg or .jpeg.");
    }

    private static GenerationParameters Describe(ProceduralSettings s, ColorMap map)
    {
        static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
        var extra = new List<KeyValuePair<string, string>>
        {
            new("Fractal", s.Fractal.ToString().ToLowerInvariant()),
            new("Octaves", s.Octaves.ToString(CultureInfo.InvariantCulture)),
            new("Frequency", F(s.Frequency)),
            new("Lacunarity", F(s.Lacunarity)),
            new("Gain", F(s.Gain)),
            new("Warp", F(s.Warp)),
            new("Tileable", s.Tileable ? "true" : "false"),
            new("Colormap", map.Name),
        };
        if (s.Kind == NoiseKind.Worley)
            extra.Add(new("Feature", s.Worley.ToString()));
        return new GenerationParameters
        {
            Model = $"procedural {s.Kind.ToString().ToLowerInvariant()}",
            Seed = s.Seed,
            Width = s.Size,
            Height = s.Size,
            Extra = extra,
        };
    }
}
