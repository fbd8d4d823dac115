using System.Diagnostics;
using System.Globalization;
using System.Text;
using Pigment.Core;
using Pigment.Models.Diffusion;
using Pigment.Samplers;
using Pigment.Training;
using TorchSharp;

namespace Pigment.Pipelines;

/// <summary>
/// The diffusion benchmark: training throughput of the model's architecture, then sampling speed and
/// classifier-FID for DDPM-1000, DDIM-50, Euler-20, Euler a-20, DPM++ 2M-20 and DPM++ 2M SDE-20 on the same seeds (no guidance,
/// labels cycling through the classes), and the accuracy of guided samples. Returns a markdown report.
/// </summary>
public static class DiffusionBenchmark
{
    public static readonly (string Sampler, int Steps, bool Karras)[] Configurations =
    [
        ("ddpm", 1000, false),
        ("ddim", 50, false),
        ("euler", 20, false),
        ("euler-a", 20, false),
        ("dpm++2m", 20, false),
        ("dpm++2m", 20, true),
        ("dpm++2m-sde", 20, false),
        ("dpm++2m-sde", 20, true),
    ];

    public static string Run(ModelStore.ModelLocation location, int samples, long seed, double guidedScale, Action<string> log)
    {
        using var pipeline = DiffusionPipeline.Load(location, torch.CPU);
        using var evaluation = SampleEvaluation.ForDataset(pipeline.Config.Dataset);
        var report = new StringBuilder();

        log("measuring training throughput...");
        double trainImagesPerSecond = TrainingThroughput(pipeline.Config, batch: 64);

        var rows = new List<EvaluationRow>();
        foreach (var (name, steps, karras) in Configurations)
        {
            log($"sampling {samples} images with {name} ({steps} steps{(karras ? ", Karras" : "")})...");
            rows.Add(evaluation.ScoreDiffusion(pipeline, SamplerCatalog.Create(name), new SamplerOptions { Steps = steps, Karras = karras }, 1.0, samples, seed));
        }
        log($"guided sampling (guidance {guidedScale})...");
        var guided = evaluation.ScoreDiffusion(pipeline, new DpmSolverPlusPlus2MSampler(), new SamplerOptions { Steps = 20 }, guidedScale, samples, seed);
        rows.Add(guided);
        rows.AddRange(evaluation.References(samples, seed));

        var inv = CultureInfo.InvariantCulture;
        report.AppendLine($"# Diffusion benchmark: {location.Name}");
        report.AppendLine();
        report.AppendLine($"Measured by `./pigment bench ddpm {location.Name} --samples {samples} --seed {seed}` on {TorchRuntime.BenchmarkMachine()}.");
        report.AppendLine();
        report.AppendLine($"Training throughput of this architecture ({pipeline.Model.parameters().Sum(p => p.numel()) / 1e6:0.00} M parameters, batch 64, {pipeline.Config.Unet.ImageSize}×{pipeline.Config.Unet.ImageSize}): " +
                          $"**{trainImagesPerSecond.ToString("0", inv)} images/s** ({(64 / trainImagesPerSecond).ToString("0.000", inv)} s per step).");
        report.AppendLine();
        report.AppendLine($"Sampling: {samples} images per row, labels cycling 0–9, the same seeds in every row; classifier-FID, precision and recall (k = 3) " +
                          "against the features of the 8,000 training digits; accuracy = the evaluation classifier agrees with the requested digit; " +
                          $"near copies = {Evaluation.NearCopies.Meaning}.");
        report.AppendLine();
        report.AppendLine("| sampler | steps | guidance | classifier-FID ↓ | precision ↑ | recall ↑ | accuracy | ≥90% confident | near copies | images/s |");
        report.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            var parts = r.Name.Split(", ");
            string sampler = parts[0], steps = parts.Length > 1 ? parts[1].Replace(" steps", "") : "–", g = parts.Length > 2 ? parts[2].Replace("guidance ", "") : "–";
            report.AppendLine(string.Create(inv, $"| {sampler} | {steps} | {g} | {r.Fid:0.00} | {r.Precision:0.000} | {r.Recall:0.000} | {(r.Accuracy is { } a ? a.ToString("P1", inv) : "–")} | {r.ConfidentFraction:P1} | {r.NearCopies:P1} | {(r.ImagesPerSecond is { } ips ? ips.ToString("0.0", inv) : "–")} |"));
        }
        double ddpm = rows[0].Fid, dpm = rows[4].Fid;
        report.AppendLine();
        report.AppendLine("Targets:");
        report.AppendLine(string.Create(inv, $"- DPM++ 2M at 20 steps within 10% of DDPM-1000's classifier-FID: {dpm:0.00} vs {ddpm:0.00} ({(dpm / ddpm - 1):+0.0%;-0.0%}) — **{(dpm <= 1.1 * ddpm ? "met" : "not met")}**."));
        report.AppendLine(string.Create(inv, $"- Guided samples (guidance {guidedScale:0.#}) classified as the requested digit ≥ 97%: {guided.Accuracy:P1} — **{(guided.Accuracy >= 0.97 ? "met" : "not met")}**."));
        return report.ToString();
    }

    /// <summary>Images per second of training steps (AdamW, EMA, clipping) with a fresh model of the same config.</summary>
    public static double TrainingThroughput(DiffusionModelConfig config, int batch, int warmup = 3, int measured = 20)
    {
        var folder = Path.Combine(Path.GetTempPath(), "pigment-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            var options = new TrainerOptions { Steps = warmup + measured, BatchSize = batch, CheckpointEvery = 1_000_000, SampleEvery = 0, LogEvery = 1_000_000 };
            var dataset = Core.Data.DatasetCatalog.Open(config.Dataset);
            var trainer = new Trainer(new DiffusionObjective(config), dataset, options, new RunFolder(folder));
            var clock = new Stopwatch();
            trainer.StepCompleted += p =>
            {
                if (p.Step == warmup)
                    clock.Start();
            };
            trainer.Run(resume: false, CancellationToken.None);
            clock.Stop();
            return measured * batch / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }
}
