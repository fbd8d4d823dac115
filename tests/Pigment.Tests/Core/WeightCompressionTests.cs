using Pigment.Cli;
using Pigment.Core;
using Pigment.Core.Checkpoints;
using Pigment.Pipelines;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Tests.Core;

/// <summary>
/// Compressed weights (<c>pigment quantize</c>): int8 per output channel is within half a step of every weight and
/// exact on the channel's peak; bfloat16 and float16 are within their rounding; a compressed model folder loads like
/// the original and draws nearly the same images, at a quarter (int8) or half the size.
/// </summary>
[Collection("console")]
public sealed class WeightCompressionTests
{
    [Fact]
    public void Int8IsWithinHalfAStepPerChannelAndKeepsEachPeak()
    {
        using var generator = new torch.Generator(5);
        using var gains = torch.tensor(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }).reshape(8, 1, 1, 1);
        using var weight = torch.randn([8, 4, 3, 3], generator: generator).mul(gains);
        var (q, scale) = WeightCompression.Quantize(weight);
        using (q)
        using (scale)
        using (var back = WeightCompression.Dequantize(q, scale))
        {
            Assert.Equal(ScalarType.Int8, q.dtype);
            Assert.Equal([8L], scale.shape);
            using var error = (back - weight).abs().reshape(8, -1).amax([1]);
            using var halfStep = scale.Div(2.0).Add(1e-6);
            Assert.True(error.le(halfStep).all().item<bool>(), "an int8 weight is more than half a step off");
            using var peaks = q.abs().reshape(8, -1).amax([1]);
            Assert.True(peaks.EqualTo(127).all().item<bool>(), "each channel's largest weight should map to ±127");
        }
        using var zeros = torch.zeros([3, 300]);
        var (qz, sz) = WeightCompression.Quantize(zeros);
        using (qz)
        using (sz)
            Assert.Equal(0, qz.abs().sum().item<long>());
    }

    [Fact]
    public void CompressedTensorsRoundTripThroughSafetensors()
    {
        using var generator = new torch.Generator(9);
        var state = new Dictionary<string, Tensor>
        {
            ["conv.weight"] = torch.randn([16, 8, 3, 3], generator: generator),
            ["conv.bias"] = torch.randn([16], generator: generator),
            ["steps"] = torch.tensor(new long[] { 3 }),
            ["logit_scale"] = torch.tensor(new[] { 2.6592 }),                     // float64, kept for its precision
        };
        foreach (var format in Enum.GetValues<WeightFormat>())
        {
            var compressed = WeightCompression.Compress(state, format);
            using var contents = SafeTensors.Deserialize(SafeTensors.Serialize(compressed));
            var loaded = WeightCompression.Expand(contents.Tensors, out var made);
            Assert.Equal(state.Keys.Order(), loaded.Keys.Order());
            Assert.Equal(ScalarType.Int64, loaded["steps"].dtype);
            Assert.Equal(ScalarType.Float64, loaded["logit_scale"].dtype);
            Assert.Equal(2.6592, loaded["logit_scale"].item<double>());
            double tolerance = format switch { WeightFormat.Float32 => 0, WeightFormat.Float16 => 2e-3, WeightFormat.BFloat16 => 2e-2, _ => 0.05 };
            using var error = (loaded["conv.weight"].to(ScalarType.Float32) - state["conv.weight"]).abs().max();
            Assert.True(error.item<float>() <= tolerance * 4, $"{format}: a weight moved by {error.item<float>()}");
            Assert.Equal(format == WeightFormat.Int8, compressed.ContainsKey("conv.weight" + WeightCompression.ScaleSuffix));
            Assert.Equal(format == WeightFormat.Int8 ? ScalarType.Float32 : compressed["conv.weight"].dtype, compressed["conv.bias"].dtype);
            made.ForEach(t => t.Dispose());
            foreach (var t in compressed.Values)
                t.Dispose();
        }
        foreach (var t in state.Values)
            t.Dispose();
    }

    [Fact]
    public void AQuantizedModelLoadsAndDrawsNearlyTheSameDigitsAtAQuarterOfTheSize()
    {
        using var temp = new TempFolder();
        var folder = Path.Combine(temp.Path, "gan-int8");
        var error = new StringWriter();
        int code = Pigment.Cli.Cli.Run(PigmentCommands.Root(), ["quantize", "gan-mnist", "--weights", "int8", "--out", folder], new StringWriter(), error);
        Assert.True(code == 0, error.ToString());
        var original = ModelStore.Resolve("gan-mnist");
        double ratio = (double)new FileInfo(Path.Combine(folder, "model.safetensors")).Length / new FileInfo(original.WeightsFile).Length;
        Assert.InRange(ratio, 0.2, 0.35);
        Assert.Contains("quantize gan-mnist --weights int8", File.ReadAllText(Path.Combine(folder, "README.md")));

        using var full = GenerativeModels.Open(original);
        using var quantized = GenerativeModels.Open(ModelStore.Resolve(folder));
        using var a = full.Generate(8, seed: 4);
        using var b = quantized.Generate(8, seed: 4);
        double levels = (a - b).abs().mean().item<float>() * 127.5;
        Assert.True(levels < 2, $"int8 weights moved the images by {levels:0.00} grey levels on average");
        Assert.True(levels > 0, "the int8 copy drew float32's images exactly: were its weights quantized?");

        // The folder is not overwritten, and a compressed model is not compressed again.
        var again = new StringWriter();
        Assert.Equal(1, Pigment.Cli.Cli.Run(PigmentCommands.Root(), ["quantize", "gan-mnist", "--weights", "bf16", "--out", folder], new StringWriter(), again));
        Assert.Contains("not empty", again.ToString());
        var twice = Assert.Throws<PigmentException>(() => ModelCompression.Write(ModelStore.Resolve(folder), WeightFormat.Float16, Path.Combine(temp.Path, "twice")));
        Assert.Contains("already stored as int8", twice.Message);
        Assert.Throws<PigmentException>(() => WeightCompression.Parse("int4"));
    }
}
