using Pigment.Cli;
using Pigment.Core;
using Pigment.Models.Diffusion;
using Pigment.Models.LatentDiffusion;
using Pigment.Pipelines;
using Pigment.Pipelines.Onnx;
using Pigment.Tests.TextToImage;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Pigment.Tests.Onnx;

/// <summary>
/// The exported ONNX graphs compute what the TorchSharp modules compute: the same inputs through both engines, the
/// largest difference within float rounding. Every weight is random (no zero-initialised layer), so every node counts.
/// </summary>
[Collection("console")]
public sealed class OnnxExportTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-4;

    private static void Randomize(nn.Module module, ulong seed)
    {
        using var generator = new torch.Generator(seed);
        using var _ = torch.no_grad();
        foreach (var p in module.parameters())
            p.copy_(torch.randn(p.shape, generator: generator).Mul(0.2));
    }

    private double Compare(Tensor torchOutput, Tensor onnxOutput, string what)
    {
        Assert.Equal(torchOutput.shape, onnxOutput.shape);
        double diff = (torchOutput - onnxOutput).abs().max().item<float>();
        double scale = torchOutput.abs().max().item<float>();
        output.WriteLine($"{what}: max |TorchSharp − ONNX Runtime| = {diff:E2} (outputs up to {scale:F2})");
        Assert.True(scale > 0.01, $"{what}: the output is near zero, so the comparison says nothing");
        return diff;
    }

    [Fact]
    public void ClassConditionalUNetWithAttentionMatches()
    {
        var config = new UNetConfig { ImageSize = 8, InChannels = 1, BaseChannels = 16, ChannelMultipliers = [1, 2], ResBlocksPerLevel = 1, AttentionLevels = [1], AttentionHeads = 2, Dropout = 0, NumClasses = 3, NormGroups = 4 };
        using var unet = new UNet(config);
        Randomize(unet, 1);
        unet.eval();
        using var x = torch.randn([5, 1, 8, 8], generator: new torch.Generator(2));
        using var t = torch.tensor(new long[] { 0, 17, 250, 999, 500 });
        using var labels = torch.tensor(new long[] { 0, 1, 2, 3, 1 });                    // 3 is the null label
        using var expected = unet.call(x, t, labels);
        using var network = new OnnxRuntimeNetwork(unet.ToOnnx().ToBytes());
        using var tf = t.to_type(ScalarType.Float32);
        using var actual = network.Run(new Dictionary<string, Tensor> { ["x"] = x, ["t"] = tf, ["labels"] = labels });
        Assert.True(Compare(expected, actual, "UNet") < Tolerance);
    }

    [Fact]
    public void CrossAttentionUNetMatchesWithAPaddedPrompt()
    {
        using var unet = new CrossAttentionUNet(TinyTextToImage.Diffusion().Unet with { ResBlocksPerLevel = 2 });
        Randomize(unet, 3);
        unet.eval();
        var g = new torch.Generator(4);
        using var x = torch.randn([3, 4, 8, 8], generator: g);
        using var t = torch.tensor(new long[] { 3, 400, 990 });
        using var states = torch.randn([3, 6, 16], generator: g);
        using var mask = torch.tensor(new[] { true, true, true, false, false, false, true, true, true, true, true, true, true, true, false, false, false, false }).reshape(3, 6);
        using var pooled = torch.randn([3, 16], generator: g);
        using var expected = unet.call(x, t, new Models.TextEncoders.TextEncoding(states, mask, pooled));
        using var network = new OnnxRuntimeNetwork(unet.ToOnnx().ToBytes());
        using var tf = t.to_type(ScalarType.Float32);
        using var actual = network.Run(new Dictionary<string, Tensor> { ["x"] = x, ["t"] = tf, ["text_states"] = states, ["text_mask"] = mask, ["text_pooled"] = pooled });
        Assert.True(Compare(expected, actual, "cross-attention UNet") < Tolerance);
    }

    [Fact]
    public void ExportWritesTheShippedDigitModelAndItRunsInOnnxRuntime()
    {
        using var temp = new TempFolder();
        var path = temp.File("ddpm.onnx");
        var error = new StringWriter();
        Assert.Equal(0, Pigment.Cli.Cli.Run(PigmentCommands.Root(), ["export", "ddpm-mnist", "--out", path], new StringWriter(), error));
        using var pipeline = DiffusionPipeline.Load(ModelStore.Resolve("ddpm-mnist"), CPU);
        using var x = torch.randn([4, 1, 28, 28], generator: new torch.Generator(5));
        using var t = torch.tensor(new long[] { 10, 300, 600, 900 });
        using var labels = torch.tensor(new long[] { 7, 2, 10, 0 });
        using var expected = pipeline.Model.call(x, t, labels);
        using var network = new OnnxRuntimeNetwork(File.ReadAllBytes(path));
        using var tf = t.to_type(ScalarType.Float32);
        using var actual = network.Run(new Dictionary<string, Tensor> { ["x"] = x, ["t"] = tf, ["labels"] = labels });
        Assert.True(Compare(expected, actual, "ddpm-mnist") < Tolerance);

        // A model without a network to export says so in one line, and nothing is written.
        var refused = new StringWriter();
        Assert.Equal(1, Pigment.Cli.Cli.Run(PigmentCommands.Root(), ["export", "gan-mnist", "--out", temp.File("gan.onnx")], new StringWriter(), refused));
        Assert.Contains("cannot be exported", refused.ToString());
        Assert.False(File.Exists(temp.File("gan.onnx")));
    }

    [Fact]
    public void TheOnnxBackendDrawsTheSameImagesAndSaysSoInThePng()
    {
        using var generator = new Pipelines.Generation.TextToImageGenerator("tiny", TinyTextToImage.Create());
        var request = new Pipelines.Generation.GenerationRequest { Prompt = "a red circle", NegativePrompt = "blue", Count = 2, Seed = 3, SamplerOptions = new Samplers.SamplerOptions { Steps = 6 } };
        using var torchImages = generator.Generate(request);
        using var onnxImages = generator.Generate(request with { Backend = Pipelines.InferenceBackend.Onnx });
        double diff = (torchImages.Images - onnxImages.Images).abs().max().item<float>();
        output.WriteLine($"images: max difference {diff * 255:0.00} levels");
        Assert.True(diff * 255 <= 1, $"the backends' images differ by {diff * 255:0.00} levels");
        Assert.Contains(onnxImages.Parameters[0].Extra, p => p.Key == "Backend" && p.Value == "onnx");
        Assert.DoesNotContain(torchImages.Parameters[0].Extra, p => p.Key == "Backend");

        using var gan = Pipelines.Generation.Generators.Open(ModelStore.Resolve("gan-mnist"));
        var refused = Assert.Throws<PigmentException>(() => gan.Validate(new Pipelines.Generation.GenerationRequest { Backend = Pipelines.InferenceBackend.Onnx }));
        Assert.Contains("runs on TorchSharp in float32 only", refused.Message);
    }
}
