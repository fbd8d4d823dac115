using System.Diagnostics;
using System.Globalization;
using System.Text;
using Pigment.Core;
using Pigment.Pipelines.Generation;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Pipelines.Onnx;

/// <summary>
/// One forward pass of a model's network in TorchSharp (inference mode) and in ONNX Runtime, on the same inputs and
/// the same number of threads, per batch size: the median of alternating rounds, and the largest difference between
/// the two outputs.
/// </summary>
public static class OnnxBenchmark
{
    public sealed record Row(int Batch, double TorchMs, double OnnxMs, double MaxDifference);

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
            double difference;
            using (var a = example.TorchForward())                  // warm both engines, and compare them
            using (var b = network.Run(example.Inputs))
            using (var d = (a - b).abs().max())
                difference = d.item<float>();
            var torchTimes = new List<double>();
            var onnxTimes = new List<double>();
            for (int r = 0; r < rounds; r++)
            {
                torchTimes.Add(Time(() => example.TorchForward()));
                onnxTimes.Add(Time(() => network.Run(example.Inputs)));
            }
            var row = new Row(batch, Median(torchTimes), Median(onnxTimes), difference);
            log(string.Create(CultureInfo.InvariantCulture, $"batch {batch}: TorchSharp {row.TorchMs:0.0} ms, ONNX Runtime {row.OnnxMs:0.0} ms"));
            rows.Add(row);
        }
        return rows;
    }

    public static string Report(string model, IReadOnlyList<Row> rows, string command)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine($"# {model}: TorchSharp and ONNX Runtime, one forward pass");
        text.AppendLine();
        text.AppendLine($"Measured by `{command}` on {TorchRuntime.BenchmarkMachine()}, {TorchRuntime.CpuDescription}, {TorchRuntime.Threads} threads for each engine, median of alternating rounds.");
        text.AppendLine();
        text.AppendLine("| batch | TorchSharp ms | ONNX Runtime ms | TorchSharp / ONNX Runtime | max abs difference |");
        text.AppendLine("|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
            text.AppendLine(string.Create(inv, $"| {r.Batch} | {r.TorchMs:0.0} | {r.OnnxMs:0.0} | {r.TorchMs / r.OnnxMs:0.00}× | {r.MaxDifference:0.0e0} |"));
        return text.ToString();
    }

    private static double Time(Func<Tensor> forward)
    {
        var clock = Stopwatch.StartNew();
        forward().Dispose();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
    }
}
