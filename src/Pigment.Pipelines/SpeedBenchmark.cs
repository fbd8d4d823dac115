using System.Diagnostics;
using System.Globalization;
using System.Text;
using Pigment.Core;
using Pigment.Models.Layers;
using Pigment.Pipelines.Generation;
using Pigment.Samplers;
using static TorchSharp.torch;

namespace Pigment.Pipelines;

/// <summary>
/// <c>pigment bench speed</c>: how far each diffusion network runs from what this machine can do. Per batch size, one
/// forward pass in float32 and on the bfloat16 copy, and one training step (forward, backward, AdamW) in float32;
/// FLOPs counted analytically per layer (<see cref="FlopCounter"/>; a training step counted as three forward passes,
/// the backward pass computing gradients for both inputs and weights); achieved GFLOP/s as a share of the machine's
/// peak (<see cref="Peak"/>); sampling images/s with and without guidance; and the process's peak resident memory.
/// Warm figures: every timing is the median of rounds after one untimed run.
/// </summary>
public static class SpeedBenchmark
{
    public sealed record Row(string Model, int Batch, double ForwardGflop, double ForwardMs, double BFloat16Ms, double TrainMs);

    public sealed record Sampling(string Model, int Images, double GuidedPerSecond, double UnguidedPerSecond, double Guidance, long PeakRssBytes);

    /// <summary>The machine's float32 peak: threads × clock × FLOPs per cycle per core, and how it was computed.</summary>
    public static (double Gflops, string How) Peak()
    {
        var flags = TorchRuntime.CpuFlags();
        int family = int.TryParse(TorchRuntime.CpuField("cpu family"), CultureInfo.InvariantCulture, out var f) ? f : 0;
        bool amd = TorchRuntime.CpuField("vendor_id") == "AuthenticAMD";
        // Two FMA pipes per core; a 512-bit FMA does 16 fp32 multiply-adds. AMD's Zen 4 (family 25) runs AVX-512 on
        // 256-bit pipes, so it peaks like AVX2; Zen 5 (family 26) has full-width 512-bit pipes.
        (int perCycle, string why) = flags.Contains("avx512f") && (!amd || family >= 26)
            ? (64, "2 FMA pipes × 16 fp32 lanes (AVX-512) × 2")
            : flags.Contains("avx2") && flags.Contains("fma")
                ? (32, "2 FMA pipes × 8 fp32 lanes (AVX2) × 2")
                : (8, "no AVX2/FMA: 8 assumed");
        double mhz = double.TryParse(TorchRuntime.CpuField("cpu MHz"), CultureInfo.InvariantCulture, out var m) ? m : 0;
        int threads = TorchRuntime.Threads;
        double gflops = threads * mhz / 1000 * perCycle;
        return (gflops, string.Create(CultureInfo.InvariantCulture,
            $"{threads} threads × {mhz / 1000:0.00} GHz (/proc/cpuinfo's current clock; boost may be higher) × {perCycle} FLOPs per cycle ({why}) = {gflops:0} GFLOP/s"));
    }

    public static (IReadOnlyList<Row> Rows, IReadOnlyList<Sampling> Sampling) Measure(IReadOnlyList<string> names, IReadOnlyList<int> batches, int rounds, int images, Action<string> log)
    {
        var rows = new List<Row>();
        var sampling = new List<Sampling>();
        foreach (var name in names)
        {
            using var generator = Generators.Open(ModelStore.Resolve(name));
            var exportable = generator as IOnnxExportable
                             ?? throw new PigmentException($"'{name}' (a {generator.Family} model) is not a diffusion model: bench speed times diffusion networks.");
            foreach (int batch in batches)
            {
                log($"{name}: batch {batch}");
                using var example = exportable.Example(batch, seed: batch);
                double flops;
                using (var counter = FlopCounter.Start(example.Network))
                {
                    example.TorchForward().Dispose();
                    flops = counter.Operations;
                }
                rows.Add(new Row(generator.Name, batch, flops / 1e9, Timing.MedianMilliseconds(rounds, () => example.TorchForward().Dispose()),
                    Timing.MedianMilliseconds(rounds, () => example.BFloat16Forward().Dispose()), TrainingStep(example, rounds)));
            }
            log($"{name}: sampling {images} images");
            double guidance = generator.Abilities.Text ? TextToImageGenerator.DefaultGuidance : DiffusionGenerator.DefaultGuidance;
            var request = new GenerationRequest { Count = images, Seed = 0, Prompt = generator.Abilities.Text ? "a red circle above a blue square" : null, SamplerOptions = new SamplerOptions { Steps = 20 } };
            double PerSecond(double g)
            {
                var clock = Stopwatch.StartNew();
                generator.Generate(request with { Guidance = g }).Dispose();
                return images / clock.Elapsed.TotalSeconds;
            }
            PerSecond(guidance);                                                   // warm
            sampling.Add(new Sampling(generator.Name, images, PerSecond(guidance), PerSecond(1), guidance, Process.GetCurrentProcess().PeakWorkingSet64));
        }
        return (rows, sampling);
    }

    /// <summary>Median ms of a training step (forward, mean-square loss, backward, AdamW) on the example's inputs.
    /// The network's weights change; it is put back in evaluation mode, and the caller's model is not saved.</summary>
    private static double TrainingStep(OnnxExample example, int rounds)
    {
        var network = example.Network;
        network.train();
        using var optimizer = optim.AdamW(network.parameters(), lr: 1e-6);
        try
        {
            return Timing.MedianMilliseconds(rounds, () =>
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                example.Forward().square().mean().backward();
                optimizer.step();
            });
        }
        finally
        {
            optimizer.zero_grad();
            network.eval();
        }
    }

    public static string Report(IReadOnlyList<Row> rows, IReadOnlyList<Sampling> sampling, string command)
    {
        var inv = CultureInfo.InvariantCulture;
        var (peak, how) = Peak();
        var text = new StringBuilder();
        text.AppendLine("# Speed against the machine's limit");
        text.AppendLine();
        text.AppendLine($"Measured by `{command}` on {TorchRuntime.BenchmarkMachine()}, {TorchRuntime.CpuDescription}. Warm: each figure is the median of the rounds after one untimed run.");
        text.AppendLine();
        text.AppendLine($"Peak (float32): {how}. FLOPs are counted per layer from the shapes it sees (convolutions, linear layers, attention's two products; " +
                        "not normalisations, activations or additions); a training step (forward, backward, AdamW, float32) is counted as three forward passes. " +
                        "The bfloat16 column is the network's bfloat16 copy (`--backend bf16`); its share is of the float32 peak.");
        text.AppendLine();
        text.AppendLine("| network | batch | GFLOP per forward | forward ms | GFLOP/s | share of peak | bfloat16 forward ms | bfloat16 GFLOP/s | training step ms | training GFLOP/s | share of peak |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            double forward = r.ForwardGflop / (r.ForwardMs / 1000), low = r.ForwardGflop / (r.BFloat16Ms / 1000), train = 3 * r.ForwardGflop / (r.TrainMs / 1000);
            text.AppendLine(string.Create(inv,
                $"| {r.Model} | {r.Batch} | {r.ForwardGflop:0.000} | {r.ForwardMs:0.0} | {forward:0.0} | {forward / peak:P1} | {r.BFloat16Ms:0.0} | {low:0.0} | {r.TrainMs:0.0} | {train:0.0} | {train / peak:P1} |"));
        }
        text.AppendLine();
        text.AppendLine("| model | images (20 steps, DPM++ 2M) | images/s, guided | images/s, unguided | guidance | peak RSS of the process so far |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var s in sampling)
            text.AppendLine(string.Create(inv, $"| {s.Model} | {s.Images} | {s.GuidedPerSecond:0.0} | {s.UnguidedPerSecond:0.0} | {s.Guidance:0.#} | {s.PeakRssBytes / 1e6:0} MB |"));
        return text.ToString();
    }
}
