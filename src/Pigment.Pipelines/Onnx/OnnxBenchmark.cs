using System.Diagnostics;
using System.Globalization;
using System.Text;
using Pigment.Core;
using Pigment.Pipelines.Generation;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Pipelines.Onnx;

/// <summary>
/// One forward pass of a model's network in TorchSharp (inference mode) in float32 and on its bfloat16 copy, and in
/// ONNX Runtime, on the same inputs and the same number of threads, per batch size: the median of alternating rounds,
/// and the largest difference of ONNX Runtime's and the bfloat16 copy's outputs from TorchSharp's float32 output.
/// </summary>
public static class OnnxBenchmark
{
    public sealed record Row(int Batch, double TorchMs, double OnnxMs, double MaxDifference, double BFloat16Ms, double BFloat16Difference, double OutputRms);

    public static IReadOnlyList<Row> Measure(ModelStore.ModelLocation location, IReadOnlyList<int> batches, int rounds, Action<string> log)
    {
        using var generator = Generators.Open(location);
        var exportable = generator as IOnnxExportable
                         ?? throw new PigmentException($"'{location.Name}' (a {location.Family} model) has no ONNX export to time.");
        using var network = new OnnxRuntimeNetwork(exportable.ToOnnx().ToBytes(), TorchRuntime.Threads);
        var rows = new List<Row>();
        foreach (int batch in batches)
        {
            using var example = exportable.Example(batch, seed: batch);
            double difference, lowDifference, rms;
            using (var scope = torch.NewDisposeScope())             // warm the backends, and compare them
            {
                var a = example.TorchForward();
                difference = (a - network.Run(example.Inputs)).abs().max().item<float>();
                lowDifference = (a - example.BFloat16Forward()).abs().max().item<float>();
                rms = a.square().mean().sqrt().item<float>();
            }
            var torchTimes = new List<double>();
            var onnxTimes = new List<double>();
            var lowTimes = new List<double>();
            for (int r = 0; r < rounds; r++)
            {
                torchTimes.Add(Time(() => example.TorchForward()));
                onnxTimes.Add(Time(() => network.Run(example.Inputs)));
                lowTimes.Add(Time(() => example.BFloat16Forward()));
            }
            var row = new Row(batch, Timing.Median(torchTimes), Timing.Median(onnxTimes), difference, Timing.Median(lowTimes), lowDifference, rms);
            log(string.Create(CultureInfo.InvariantCulture, $"batch {batch}: TorchSharp {row.TorchMs:0.0} ms, bfloat16 {row.BFloat16Ms:0.0} ms, ONNX Runtime {row.OnnxMs:0.0} ms"));
            rows.Add(row);
        }
        return rows;
    }

    public static string Report(string model, IReadOnlyList<Row> rows, string command)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine($"# {model}: TorchSharp (float32, bfloat16) and ONNX Runtime, one forward pass");
        text.AppendLine();
        text.AppendLine($"Measured by `{command}` on {TorchRuntime.BenchmarkMachine()}, {TorchRuntime.CpuDescription}, {TorchRuntime.Threads} threads for each engine, median of alternating rounds. " +
                        "Differences are from TorchSharp's float32 output (its root mean square is the last column).");
        text.AppendLine();
        text.AppendLine("| batch | TorchSharp ms | bfloat16 ms | ONNX Runtime ms | TorchSharp / ONNX Runtime | bfloat16 / ONNX Runtime | ONNX max abs difference | bfloat16 max abs difference | output RMS |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
            text.AppendLine(string.Create(inv, $"| {r.Batch} | {r.TorchMs:0.0} | {r.BFloat16Ms:0.0} | {r.OnnxMs:0.0} | {r.TorchMs / r.OnnxMs:0.00}× | {r.BFloat16Ms / r.OnnxMs:0.00}× | {r.MaxDifference:0.0e0} | {r.BFloat16Difference:0.00} | {r.OutputRms:0.00} |"));
        return text.ToString();
    }

    private static double Time(Func<Tensor> forward)
    {
        var clock = Stopwatch.StartNew();
        forward().Dispose();
        return clock.Elapsed.TotalMilliseconds;
    }
}
