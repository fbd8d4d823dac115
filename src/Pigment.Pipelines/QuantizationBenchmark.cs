using System.Diagnostics;
using System.Globalization;
using System.Text;
using Pigment.Core;
using Pigment.Core.Checkpoints;
using Pigment.Pipelines.TextToImage;
using static TorchSharp.torch;

namespace Pigment.Pipelines;

/// <summary>
/// <c>pigment bench quantize</c>: each model stored as float32, bfloat16, float16 and int8 (<see cref="ModelCompression"/>),
/// and for each copy the size of its weights, the largest change to a weight, the time to load it, how far its images
/// move from float32's at the same seeds, and its quality: classifier-FID and accuracy for the digit models (the same
/// samples and seeds for every format), prompt fidelity and CLIP score for a text-to-image model.
/// </summary>
public static class QuantizationBenchmark
{
    public sealed record Row(string Model, WeightFormat Format, long Bytes, double MaxWeightChange, double LoadSeconds, double MeanPixelChange,
        EvaluationRow? Digits, TextToImageScore? Text);

    /// <summary>Images per model compared pixel by pixel with the float32 model's.</summary>
    public const int ComparedImages = 16;

    public static IReadOnlyList<Row> Measure(IReadOnlyList<string> names, int samples, int perCategory, double guidance, long seed, Action<string> log)
    {
        var root = Directory.CreateTempSubdirectory("pigment-quantize-").FullName;
        var rows = new List<Row>();
        try
        {
            foreach (var name in names)
            {
                var original = ModelStore.Resolve(name);
                using var reference = Images(original, guidance, seed, out _);
                foreach (var format in Enum.GetValues<WeightFormat>())
                {
                    log($"{original.Name}: {WeightCompression.Name(format)}...");
                    var copy = format == WeightFormat.Float32
                        ? new ModelCompression.Result(original.Folder, WeightBytes(original.Folder), WeightBytes(original.Folder), 0)
                        : ModelCompression.Write(original, format, Path.Combine(root, $"{original.Name}-{WeightCompression.Name(format)}"));
                    var location = ModelStore.Resolve(copy.Folder);
                    using var images = Images(location, guidance, seed, out double loadSeconds);
                    double pixelChange = (images - reference).abs().mean().item<float>() * 127.5;     // [−1, 1] → grey levels
                    EvaluationRow? digits = null;
                    TextToImageScore? text = null;
                    if (location.Family == TextToImagePipeline.FamilyName)
                    {
                        using var pipeline = TextToImagePipeline.Load(location, CPU);
                        text = TextToImageEvaluation.Evaluate(pipeline, new TextToImageSettings(PerCategory: perCategory, Seed: seed));
                    }
                    else
                    {
                        using var model = Open(location, guidance);
                        using var evaluation = SampleEvaluation.ForDataset(model.Dataset);
                        digits = evaluation.ScoreModel(model, samples, seed);
                    }
                    var row = new Row(original.Name, format, copy.BytesAfter, copy.MaxWeightChange, loadSeconds, pixelChange, digits, text);
                    log(string.Create(CultureInfo.InvariantCulture, $"{original.Name} {WeightCompression.Name(format)}: {row.Bytes / 1e6:0.00} MB, pixel change {pixelChange:0.00}, " +
                        $"FID {digits?.Fid:0.00}, accuracy {digits?.Accuracy:0.000}, fidelity {text?.Overall:0.000}"));
                    rows.Add(row);
                }
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
        return rows;
    }

    /// <summary>A diffusion model is drawn with guidance; every other family as it comes.</summary>
    private static IGenerativeModel Open(ModelStore.ModelLocation location, double guidance) =>
        location.Family == Models.Diffusion.DiffusionObjective.FamilyName
            ? GenerativeModels.Open(location, new DiffusionDrawing(Guidance: guidance))
            : GenerativeModels.Open(location);

    private static Tensor Images(ModelStore.ModelLocation location, double guidance, long seed, out double loadSeconds)
    {
        var clock = Stopwatch.StartNew();
        using var model = Open(location, guidance);
        loadSeconds = clock.Elapsed.TotalSeconds;
        return model.Generate(ComparedImages, seed);
    }

    private static long WeightBytes(string folder) =>
        Directory.EnumerateFiles(folder, "model.safetensors", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

    public static string Report(IReadOnlyList<Row> rows, string command)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine("# Compressed weights: size and quality");
        text.AppendLine();
        text.AppendLine($"Measured by `{command}` on {TorchRuntime.BenchmarkMachine()}, {TorchRuntime.CpuDescription}. Every copy is loaded back to float32, " +
                        "so it samples at float32's speed; what changes is the file. Pixel change: mean |difference| in grey levels (0–255) from the float32 model's " +
                        $"{ComparedImages} images at the same seeds. Diffusion models are drawn with DPM++ 2M, 20 steps and the guidance given.");
        text.AppendLine();
        text.AppendLine("| model | weights | size MB | vs float32 | largest weight change | load s | pixel change | classifier-FID | accuracy | prompt fidelity | CLIP score |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var group in rows.GroupBy(r => r.Model))
        {
            long full = group.First(r => r.Format == WeightFormat.Float32).Bytes;
            foreach (var r in group)
                text.AppendLine(string.Create(inv,
                    $"| {r.Model} | {WeightCompression.Name(r.Format)} | {r.Bytes / 1e6:0.00} | {100.0 * r.Bytes / full:0}% | {r.MaxWeightChange:0.0e0} | {r.LoadSeconds:0.00} | {r.MeanPixelChange:0.00} | " +
                    $"{(r.Digits is { } d ? d.Fid.ToString("0.00", inv) : "—")} | {(r.Digits?.Accuracy is { } a ? a.ToString("P1", inv) : "—")} | " +
                    $"{(r.Text is { } t ? t.Overall.ToString("0.000", inv) : "—")} | {(r.Text is { } c ? c.ClipScore.ToString("0.0", inv) : "—")} |"));
        }
        return text.ToString();
    }
}
