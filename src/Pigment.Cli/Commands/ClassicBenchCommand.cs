using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Pigment.Classic.Imaging;
using Pigment.Classic.Procedural;
using Pigment.Classic.Texture;
using Pigment.Core;
using Pigment.Core.Imaging;
using TorchSharp;

namespace Pigment.Cli.Commands;

/// <summary>
/// <c>pigment bench classic [--sample FILE] [--json FILE]</c>: times the foundation's convolution filters on a 2048 × 2048
/// RGB image and the classic methods, with the same inputs as bench/classic/bench_peers.py (OpenCV, NumPy), which
/// reads the JSON this writes and puts both side by side in bench/classic/RESULTS.md.
/// </summary>
public static class ClassicBenchCommand
{
    public static Command Create()
    {
        var sample = new Option<string>("--sample") { Description = "The 128x128 quilting sample.", DefaultValueFactory = _ => "data/textures/bricks.png" };
        var repeats = Cli.Ranged("--repeats", "Timed runs per case (the median is reported).", 1, 50, 5);
        var json = new Option<string?>("--json") { Description = "Also write the timings as JSON here." };
        var classic = new Command("classic", "Time the convolution filters and the classic generators (see bench/classic/).") { sample, repeats, json };
        classic.SetAction(parse =>
        {
            var results = Run(parse.GetValue(sample)!, parse.GetValue(repeats));
            foreach (var (name, entry) in results)
                Cli.Line($"{name,-34} {entry.Seconds * 1000,10:F1} ms   {entry.Note}");
            if (parse.GetValue(json) is { } path)
            {
                var payload = new Dictionary<string, object>
                {
                    ["threads_torch"] = torch.get_num_threads(),
                    ["processors"] = Environment.ProcessorCount,
                    ["vector_bits"] = System.Numerics.Vector<float>.Count * 32,
                    ["results"] = results.ToDictionary(r => r.Name, r => new { seconds = r.Entry.Seconds, checksum = r.Entry.Checksum, note = r.Entry.Note }),
                };
                AtomicFile.WriteAllText(path, JsonSerializer.Serialize(payload, new JsonSerializerOptions { WriteIndented = true }));
                Cli.Line($"wrote {path}");
            }
            return 0;
        });
        return classic;
    }

    private sealed record Entry(double Seconds, double Checksum, string Note);

    private static List<(string Name, Entry Entry)> Run(string samplePath, int repeats)
    {
        var results = new List<(string, Entry)>();
        const int size = 2048;
        // The same synthetic image as the Python peer: f(x, y, c) = ((7x + 13y + 29c) mod 256) / 255.
        var data = new float[3 * size * size];
        for (int c = 0; c < 3; c++)
        {
            for (int y = 0; y < size; y++)
            {
                for (int x = 0; x < size; x++)
                    data[(c * size + y) * size + x] = ((7 * x + 13 * y + 29 * c) % 256) / 255f;
            }
        }
        using var image = torch.tensor(data, [3, size, size]);
        (string Name, FilterKind Kind, int? Size, double? Sigma)[] filters =
        [
            ("filter gaussian sigma=2 (13x13)", FilterKind.Gaussian, null, 2.0),
            ("filter box 5x5", FilterKind.Box, 5, null),
            ("filter sharpen 3x3", FilterKind.Sharpen, null, null),
        ];
        foreach (var (name, kind, k, sigma) in filters)
        {
            var seconds = Median(repeats, () => ConvolutionFilters.Apply(image, kind, k, sigma).Dispose());
            double checksum;
            using (var output = ConvolutionFilters.Apply(image, kind, k, sigma))
                checksum = output.std().ToDouble();
            results.Add((name, new Entry(seconds, checksum, "ConvolutionFilters.Apply, (3, 2048, 2048) float32, reflect padding, clamped")));
        }

        var sample = FloatImage.FromPixels(ImageIO.Load(samplePath));
        if (sample.Width != 128 || sample.Height != 128)
            sample = sample.Crop(0, 0, Math.Min(128, sample.Width), Math.Min(128, sample.Height));
        var quilt = new QuiltingOptions { Width = 512, Height = 512, Block = 32, Overlap = 5, Seed = 1 };
        FloatImage? quilted = null;
        var quiltSeconds = Median(repeats, () => quilted = ImageQuilting.Synthesize(sample, quilt));
        results.Add(("quilt 512x512 from 128x128, B=32 O=5", new Entry(quiltSeconds, quilted!.Data.Average(), $"{Path.GetFileName(samplePath)}, seed 1")));

        var transferSeconds = Median(Math.Min(repeats, 3), () =>
            TextureTransfer.Transfer(sample, ProceduralGenerator.Render(new ProceduralSettings { Size = 256, Seed = 2 }), new TransferOptions { Seed = 1 }));
        results.Add(("transfer 256x256, B=32, 3 passes", new Entry(transferSeconds, 0, "target: perlin 256x256")));

        var small = sample.Crop(0, 0, 64, 64);
        var elSeconds = Median(1, () => EfrosLeung.Synthesize(small, new EfrosLeungOptions { Width = 128, Height = 128, Window = 11, Seed = 1 }));
        results.Add(("efros-leung 128x128 from 64x64, W=11", new Entry(elSeconds, 0, "one run")));

        var noiseSeconds = Median(repeats, () => ProceduralGenerator.Render(new ProceduralSettings { Size = 1024, Octaves = 5, Seed = 1 }));
        results.Add(("perlin fbm 1024x1024, 5 octaves", new Entry(noiseSeconds, 0, "")));
        var warpSeconds = Median(repeats, () => ProceduralGenerator.Render(new ProceduralSettings { Kind = Classic.Procedural.NoiseKind.Simplex, Size = 1024, Octaves = 5, Warp = 0.3, Tileable = true, Seed = 1 }));
        results.Add(("simplex fbm 1024x1024 tileable warp", new Entry(warpSeconds, 0, "4-D torus simplex, 3 fbm fields")));
        return results;
    }

    /// <summary>One untimed warm-up run (JIT, caches), then the median of <paramref name="repeats"/> timed runs.</summary>
    private static double Median(int repeats, Action action)
    {
        action();
        var times = new List<double>();
        for (int i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            times.Add(watch.Elapsed.TotalSeconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }
}
