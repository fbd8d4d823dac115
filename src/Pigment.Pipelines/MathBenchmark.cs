using System.Diagnostics;
using System.Globalization;
using System.Text;
using Pigment.Core;
using Pigment.Core.Data;
using Pigment.Core.NativeMath;
using Pigment.Models.Diffusion;
using Pigment.Samplers;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Pipelines;

/// <summary>
/// What the math fix costs: the self-check of libtorch's kernels, then training and sampling speed of ddpm-mnist's
/// architecture with libtorch's native convolutions and with padded channels (<see cref="ConvolutionMode"/>), at the
/// process's thread count and, natively, at one thread (the workaround the fix replaces). Settings alternate round by
/// round so that drift in the machine's load hits them alike; the report gives each setting's median.
/// <para>
/// Training is timed as forward, backward and AdamW step on MNIST batches without the trainer's finiteness check, so
/// a setting whose kernels give NaN is still timed (its NaN steps counted and reported, never trained on).
/// </para>
/// </summary>
public static class MathBenchmark
{
    private sealed record Setting(string Name, ConvolutionMode Mode, int Threads);

    public static string Run(ModelStore.ModelLocation location, int rounds, int trainSteps, int sampleCount, Action<string> log)
    {
        using var pipeline = DiffusionPipeline.Load(location, CPU);
        var active = MathSafety.Ensure(fresh: true);
        int threads = torch.get_num_threads();
        var settings = new List<Setting>
        {
            new($"native convolutions, {threads} threads (before the fix)", ConvolutionMode.Native, threads),
            new($"padded convolutions, {threads} threads", ConvolutionMode.Padded, threads),
        };
        if (threads > 1)
            settings.Add(new("native convolutions, 1 thread (the OMP_NUM_THREADS=1 workaround)", ConvolutionMode.Native, 1));

        var dataset = DatasetCatalog.Open(pipeline.Config.Dataset);
        var training = settings.ToDictionary(s => s, _ => new List<double>());
        var sampling = settings.ToDictionary(s => s, _ => new List<double>());
        var nanSteps = settings.ToDictionary(s => s, _ => 0);
        var images = new Dictionary<Setting, Tensor>();
        for (int round = 0; round < rounds; round++)
        {
            foreach (var setting in settings)
            {
                log($"round {round + 1}/{rounds}: {setting.Name}");
                using var mode = Convolutions.Use(setting.Mode);
                using var count = Threads.Use(setting.Threads);
                var (perSecond, nans) = TrainingThroughput(pipeline.Config, dataset, trainSteps, seed: round);
                training[setting].Add(perSecond);
                nanSteps[setting] += nans;
                var clock = Stopwatch.StartNew();
                var drawn = pipeline.Generate(sampleCount, new DpmSolverPlusPlus2MSampler(), new SamplerOptions { Steps = 20 }, 3.0,
                    ClassLabels.Cycle(sampleCount, pipeline.Config.Unet.NumClasses), seed: 0);
                sampling[setting].Add(sampleCount / clock.Elapsed.TotalSeconds);
                if (images.TryGetValue(setting, out var previous))
                    previous.Dispose();
                images[setting] = drawn;
            }
        }

        var inv = CultureInfo.InvariantCulture;
        var baseline = settings[0];
        var report = new StringBuilder();
        report.AppendLine("# Math kernels: correctness and the speed of the fix");
        report.AppendLine();
        report.AppendLine($"Measured by `./pigment bench math --rounds {rounds} --train-steps {trainSteps} --samples {sampleCount}` on {TorchRuntime.BenchmarkMachine()}; CPU: {TorchRuntime.CpuDescription}.");
        report.AppendLine();
        report.AppendLine("## Self-check (float32 against float64, allocations junk-filled)");
        report.AppendLine();
        report.AppendLine("| kernel | native: relative error | padded: relative error |");
        report.AppendLine("|---|---:|---:|");
        var padded = active.Chosen.Mode == ConvolutionMode.Padded && active.Chosen.Threads == threads
            ? active.Chosen                                                // the self-check ran it already
            : KernelSelfCheck.Run(ConvolutionMode.Padded, threads);
        foreach (var (n, p) in active.Native.Probes.Zip(padded.Probes))
            report.AppendLine($"| {n.Name} | {Error(n)} | {Error(p)} |");
        report.AppendLine();
        report.AppendLine("## Every channel pair (conv2d 3×3, (2, C_in, 6, 6) → C_out)");
        report.AppendLine();
        report.AppendLine($"C_in and C_out each from {{{string.Join(", ", SweepChannels)}}}: {SweepChannels.Length * SweepChannels.Length} pairs; a pair is wrong when its relative error against float64 exceeds {KernelSelfCheck.Tolerance:0e0} or is NaN.");
        report.AppendLine();
        report.AppendLine("| result | native: wrong pairs | native: C_in of the wrong pairs | native: C_out of the wrong pairs | padded: wrong pairs |");
        report.AppendLine("|---|---:|---|---|---:|");
        foreach (var part in new[] { ConvPart.Forward, ConvPart.InputGradient, ConvPart.WeightGradient })
        {
            var nativeWrong = Sweep(part, ConvolutionMode.Native, threads);
            var paddedWrong = Sweep(part, ConvolutionMode.Padded, threads);
            report.AppendLine($"| {part} | {nativeWrong.Count} | {Set(nativeWrong.Select(p => p.In))} | {Set(nativeWrong.Select(p => p.Out))} | {paddedWrong.Count} |");
        }
        report.AppendLine();
        report.AppendLine($"Setting chosen here: {active.Convolutions.ToString().ToLowerInvariant()} convolutions, {active.Threads} thread(s) — {active.Reason}.");
        report.AppendLine();
        report.AppendLine($"## Speed ({location.Name}'s architecture, {pipeline.Model.parameters().Sum(p => p.numel()) / 1e6:0.00} M parameters)");
        report.AppendLine();
        report.AppendLine($"Training: forward, backward and AdamW on batches of 64 MNIST digits, {trainSteps} steps after 2 of warm-up, per round. " +
                          $"Sampling: {sampleCount} images, DPM++ 2M, 20 steps, guidance 3 (two network passes per step), labels cycling. " +
                          $"Median of {rounds} rounds, settings alternating.");
        report.AppendLine();
        report.AppendLine("| setting | training images/s | vs before | sampling images/s | vs before | NaN training steps | samples vs padded (max pixel difference) |");
        report.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var setting in settings)
        {
            double train = Timing.Median(training[setting]), sample = Timing.Median(sampling[setting]);
            double difference = MaxDifference(images[setting], images[settings[1]]);
            report.AppendLine(string.Create(inv,
                $"| {setting.Name} | {train:0.0} | {train / Timing.Median(training[baseline]):0.00}× | {sample:0.00} | {sample / Timing.Median(sampling[baseline]):0.00}× | {nanSteps[setting]} of {rounds * (trainSteps + 2)} | {(double.IsFinite(difference) ? $"{difference * 127.5:0.0} levels" : "NaN")} |"));
        }
        foreach (var image in images.Values)
            image.Dispose();
        return report.ToString();
    }

    /// <summary>Images per second of training steps (2 warm-up steps, then <paramref name="steps"/> timed), and how many
    /// steps had a non-finite loss or gradient.</summary>
    private static (double PerSecond, int NonFinite) TrainingThroughput(DiffusionModelConfig config, IImageDataset dataset, int steps, int seed)
    {
        const int batchSize = 64, warmup = 2;
        torch.manual_seed(seed);
        var objective = new DiffusionObjective(config);
        var model = objective.Model;
        model.train();
        using var optimizer = optim.AdamW(model.parameters(), 2e-4);
        using var loader = new BatchLoader(dataset, batchSize, seed);
        var clock = new Stopwatch();
        int nonFinite = 0;
        for (int step = 0; step < warmup + steps; step++)
        {
            if (step == warmup)
                clock.Start();
            using var scope = torch.NewDisposeScope();
            using var batch = loader.Next();
            using var generator = Seeds.Generator(Seeds.Mix(seed, step));
            optimizer.zero_grad();
            using var loss = objective.Loss(model, batch, generator);
            loss.backward();
            double norm = nn.utils.clip_grad_norm_(model.parameters(), double.PositiveInfinity);
            if (!double.IsFinite(loss.item<float>()) || !double.IsFinite(norm))
                nonFinite++;                   // timed like any step, but never applied
            else
                Pigment.Training.AdamWStep.Step(optimizer);
        }
        clock.Stop();
        model.Dispose();
        return (steps * batchSize / clock.Elapsed.TotalSeconds, nonFinite);
    }

    private static readonly int[] SweepChannels = [1, 2, 3, 4, 5, 6, 8, 12, 15, 16, 17, 20, 24, 31, 32, 33, 40, 48, 64];

    /// <summary>The (C_in, C_out) pairs whose <paramref name="part"/> is wrong in <paramref name="mode"/>.</summary>
    private static List<(int In, int Out)> Sweep(ConvPart part, ConvolutionMode mode, int threads)
    {
        var probes = SweepChannels.SelectMany(i => SweepChannels.Select(o => (i, o))).ToList();
        var report = KernelSelfCheck.Run(mode, threads, probes.Select(p => KernelProbe.Conv(2, p.i, p.o, 6, part: part)).ToList());
        return probes.Zip(report.Probes).Where(z => !z.Second.Passed).Select(z => z.First).ToList();
    }

    private static string Set(IEnumerable<int> channels)
    {
        var distinct = channels.Distinct().Order().ToList();
        return distinct.Count == 0 ? "–" : distinct.Count == SweepChannels.Length ? "all" : string.Join(", ", distinct);
    }

    private static string Error(ProbeResult result) =>
        double.IsNaN(result.Error) ? "**NaN**" : result.Passed ? result.Error.ToString("0.0e0", CultureInfo.InvariantCulture) : $"**{result.Error.ToString("0.00", CultureInfo.InvariantCulture)}**";

    private static double MaxDifference(Tensor a, Tensor b)
    {
        using var difference = (a - b).abs().max();
        return difference.item<float>();
    }
}
