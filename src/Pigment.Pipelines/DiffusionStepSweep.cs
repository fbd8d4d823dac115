using System.Globalization;
using System.Text;
using Pigment.Core;
using Pigment.Samplers;
using TorchSharp;

namespace Pigment.Pipelines;

/// <summary>
/// Classifier-FID against the number of sampler steps, one row per sampler: how fast each converges, and to what.
/// The deterministic samplers converge to the probability-flow ODE's distribution, the stochastic ones to the
/// reverse SDE's; with an imperfect network the two differ, and this table shows by how much. Every cell uses the
/// same seeds, no guidance and labels cycling through the classes. Returns a markdown report.
/// </summary>
public static class DiffusionStepSweep
{
    public static string Run(ModelStore.ModelLocation location, IReadOnlyList<string> samplers, IReadOnlyList<int> steps, bool karras,
        int samples, long seed, Action<string> log)
    {
        var chosen = samplers.Select(SamplerCatalog.Create).ToArray();          // unknown names fail before any work
        using var pipeline = DiffusionPipeline.Load(location, torch.CPU);
        var options = steps.Select(k => new SamplerOptions { Steps = k, Karras = karras }).ToArray();
        foreach (var o in options)
            o.Validate(pipeline.Schedule.TrainingSteps);
        using var evaluation = SampleEvaluation.ForDataset(pipeline.Config.Dataset);

        var cells = new EvaluationRow[chosen.Length, options.Length];
        for (int s = 0; s < chosen.Length; s++)
        for (int k = 0; k < options.Length; k++)
        {
            log($"sampling {samples} images with {chosen[s].Name}, {options[k].Steps} steps...");
            cells[s, k] = evaluation.ScoreDiffusion(pipeline, chosen[s], options[k], 1.0, samples, seed);
        }
        var reference = evaluation.References(samples, seed)[0];

        var inv = CultureInfo.InvariantCulture;
        string stepList = string.Join(",", steps);
        var report = new StringBuilder();
        report.AppendLine($"# Sampler steps: {location.Name}");
        report.AppendLine();
        report.AppendLine($"Measured by `./pigment bench ddpm-steps {location.Name} --samplers {string.Join(",", samplers)} --steps {stepList}{(karras ? " --karras" : "")} " +
                          $"--samples {samples} --seed {seed}` on {TorchRuntime.BenchmarkMachine()}.");
        report.AppendLine();
        report.AppendLine($"{samples} images per cell, the same seeds in every cell, guidance 1, labels cycling 0–9{(karras ? ", Karras noise levels" : "")}. " +
                          $"Real test images score {reference.Fid.ToString("0.00", inv)} (precision {reference.Precision.ToString("0.000", inv)}, " +
                          $"recall {reference.Recall.ToString("0.000", inv)}) at this sample count.");
        AppendTable(report, "Classifier-FID ↓", chosen, options, cells, r => r.Fid.ToString("0.00", inv));
        AppendTable(report, "Precision / recall", chosen, options, cells, r => $"{r.Precision.ToString("0.000", inv)} / {r.Recall.ToString("0.000", inv)}");
        AppendTable(report, "Images/s", chosen, options, cells, r => r.ImagesPerSecond is { } ips ? ips.ToString("0.0", inv) : "–");
        return report.ToString();
    }

    /// <summary>Parses "10,20,50" into step counts, with one clear error for anything else.</summary>
    public static int[] ParseSteps(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var steps = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out steps[i]) || steps[i] < 1)
                throw new PigmentException($"--steps takes positive whole numbers separated by commas (e.g. 10,20,50), not '{text}'.");
        return steps.Length > 0 ? steps : throw new PigmentException("--steps needs at least one step count.");
    }

    private static void AppendTable(StringBuilder report, string title, ISampler[] samplers, SamplerOptions[] options, EvaluationRow[,] cells, Func<EvaluationRow, string> cell)
    {
        report.AppendLine();
        report.AppendLine($"## {title}");
        report.AppendLine();
        report.AppendLine("| sampler | " + string.Join(" | ", options.Select(o => $"{o.Steps} steps")) + " |");
        report.AppendLine("|---|" + string.Concat(options.Select(_ => "---:|")));
        for (int s = 0; s < samplers.Length; s++)
            report.AppendLine($"| {SamplerCatalog.DisplayName(samplers[s], options[0])} | " +
                              string.Join(" | ", Enumerable.Range(0, options.Length).Select(k => cell(cells[s, k]))) + " |");
    }
}
