using Pigment.Core;
using Pigment.Pipelines;
using Pigment.Pipelines.Generation;
using Pigment.Samplers;
using Xunit.Abstractions;

namespace Pigment.Tests.Generation;

/// <summary>
/// <c>--backend bf16</c>: the shipped digit model drawn on its bfloat16 copy gives the float32 images to within a few
/// grey levels on average (bfloat16 keeps 8 bits of mantissa: the network's output moves by about 7% of its size, so
/// strokes shift and single pixels move a lot, while the digits stay the digits asked for), every pixel finite, and
/// the PNG records the backend so that <c>--from-png</c> draws it the same way again.
/// </summary>
[Collection("console")]
public sealed class BFloat16BackendTests(ITestOutputHelper output)
{
    [Fact]
    public void TheBFloat16CopyDrawsTheSameDigitsAndSaysSoInThePng()
    {
        using var generator = Generators.Open(ModelStore.Resolve("ddpm-mnist"));
        var request = new GenerationRequest { Prompt = "7", Count = 4, Seed = 11, Guidance = 3, SamplerOptions = new SamplerOptions { Steps = 10 } };
        using var full = generator.Generate(request);
        using var low = generator.Generate(request with { Backend = InferenceBackend.Bf16 });
        Assert.True(low.Images.isfinite().all().item<bool>(), "the bfloat16 images hold NaN or infinity");
        double mean = (full.Images - low.Images).abs().mean().item<float>() * 255;
        double max = (full.Images - low.Images).abs().max().item<float>() * 255;
        output.WriteLine($"bfloat16 against float32: mean {mean:0.00} levels, max {max:0.0} levels");
        Assert.True(mean < 12, $"the bfloat16 images differ from float32 by {mean:0.00} levels on average");
        using var evaluation = SampleEvaluation.ForDataset("mnist");
        var scores = evaluation.Score("bf16", low.Images.Mul(2.0).Sub(1.0), [7, 7, 7, 7], null);
        Assert.Equal(1.0, scores.Accuracy);
        Assert.Contains(low.Parameters[0].Extra, p => p.Key == "Backend" && p.Value == "bf16");

        using var gan = Generators.Open(ModelStore.Resolve("gan-mnist"));
        var refused = Assert.Throws<PigmentException>(() => gan.Validate(new GenerationRequest { Backend = InferenceBackend.Bf16 }));
        Assert.Contains("--backend bf16 is for diffusion and text-to-image models", refused.Message);
    }

    [Fact]
    public void TheBenchmarksBFloat16ForwardIsTheNetworkInBFloat16()
    {
        using var generator = Generators.Open(ModelStore.Resolve("sd-shapes"));
        using var example = ((IOnnxExportable)generator).Example(batch: 3, seed: 2);
        using var full = example.TorchForward();
        using var low = example.BFloat16Forward();
        Assert.Equal(TorchSharp.torch.ScalarType.Float32, low.dtype);
        double rms = full.square().mean().sqrt().item<float>();
        double error = (full - low).square().mean().sqrt().item<float>();
        output.WriteLine($"bfloat16 error {error:0.0000} RMS against an output of RMS {rms:0.000}");
        // Measured: about 20% of the output's size for this UNet (7% for ddpm-mnist's); a broken copy is off by ~100%.
        Assert.True(error < 0.35 * rms, $"the bfloat16 output is off by {error / rms:P1} of the output's size");
        Assert.True(error > 0, "the bfloat16 forward gave float32's output exactly: it did not run in bfloat16");
    }

    [Fact]
    public void BackendsAreNamedAsThePngRecordsThem()
    {
        foreach (var backend in Enum.GetValues<InferenceBackend>())
            Assert.Equal(backend, InferenceBackendNames.Parse(backend.CommandName()));
        Assert.Equal(InferenceBackend.Bf16, InferenceBackendNames.Parse("BF16"));
        var unknown = Assert.Throws<PigmentException>(() => InferenceBackendNames.Parse("1"));
        Assert.Contains("torch, onnx, bf16", unknown.Message);
    }
}
