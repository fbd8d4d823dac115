using Pigment.Models.Vae;
using Pigment.Pipelines;
using TorchSharp;

namespace Pigment.Tests.Vae;

public class VaePipelineTests
{
    [Fact]
    public void InterpolationRunsFromOneImageToTheOther()
    {
        torch.manual_seed(1);
        using var pipeline = new VaePipeline(new ConvVae(new VaeConfig { ImageSize = 8, LatentDim = 4, Width = 4, HiddenDim = 16 }));
        using var a = torch.rand(1, 8, 8, generator: new torch.Generator(2));
        using var b = torch.rand(1, 8, 8, generator: new torch.Generator(3));
        using var strip = pipeline.Interpolate(a, b, 5);
        Assert.Equal(new long[] { 5, 1, 8, 8 }, strip.shape);
        using var za = pipeline.Encode(a.unsqueeze(0));
        using var zb = pipeline.Encode(b.unsqueeze(0));
        using var first = pipeline.Decode(za);
        using var last = pipeline.Decode(zb);
        Assert.True(strip[0].allclose(first[0], atol: 1e-6));
        Assert.True(strip[4].allclose(last[0], atol: 1e-6));

        using var samples = pipeline.Sample(3, seed: 4);
        using var again = pipeline.Sample(3, seed: 4);
        Assert.True(TensorAssert.Same(samples, again));
        Assert.True(samples.min().item<float>() >= 0 && samples.max().item<float>() <= 1);
        Assert.Throws<Pigment.Core.PigmentException>(() => pipeline.Interpolate(a, b, 1));
    }
}
