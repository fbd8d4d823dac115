using Pigment.Core;
using Pigment.Models.PixelCnn;
using Pigment.Pipelines;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Tests.PixelCnn;

public class PixelCnnPipelineTests
{
    private static PixelCnnConfig Tiny(PixelCnnOutput output = PixelCnnOutput.Bernoulli, int classes = 0) => new()
    {
        ImageSize = 6, Channels = 8, Layers = 3, FirstKernel = 3, Kernel = 3, HeadChannels = 8, Output = output, NumClasses = classes,
        ClassNames = Enumerable.Range(0, classes).Select(c => $"c{c}").ToArray(),
    };

    [Fact]
    public void SamplingIsDeterministicUnderASeed()
    {
        torch.manual_seed(1);
        using var pipeline = new PixelCnnPipeline(new GatedPixelCnn(Tiny(classes: 3)));
        int[] labels = [0, 1, 2, 2];
        using var a = pipeline.Generate(4, labels, seed: 5);
        using var b = pipeline.Generate(4, labels, seed: 5);
        using var c = pipeline.Generate(4, labels, seed: 6);
        Assert.Equal(new long[] { 4, 1, 6, 6 }, a.shape);
        Assert.True(TensorAssert.Same(a, b));
        Assert.False(TensorAssert.Same(a, c));
        // Image k depends on seed + k and its label only.
        using var third = pipeline.Generate(1, [2], seed: 7);
        Assert.True(TensorAssert.Same(a[2..3], third));
        using var binary = a.EqualTo(0).logical_or(a.EqualTo(1)).all();
        Assert.True(binary.item<bool>());
        Assert.Equal(2, pipeline.ParseClass("c2"));
        Assert.Equal(1, pipeline.ParseClass("1"));
        Assert.Throws<Pigment.Core.PigmentException>(() => pipeline.ParseClass("c9"));
        Assert.Throws<Pigment.Core.PigmentException>(() => pipeline.Generate(2, null, seed: 1));
    }

    [Fact]
    public void CategoricalSamplesAreEightBitValues()
    {
        torch.manual_seed(2);
        using var pipeline = new PixelCnnPipeline(new GatedPixelCnn(Tiny(PixelCnnOutput.Categorical)));
        using var images = pipeline.Sample(3, seed: 1);
        using var levels = images.Mul(255).round();
        Assert.True(images.allclose(levels.Div(255), atol: 1e-6));
        Assert.True(images.min().item<float>() >= 0 && images.max().item<float>() <= 1);
        // Several distinct values: the draw follows the softmax, not an argmax.
        using var unique = levels.unique().Item1;
        Assert.True(unique.shape[0] > 10);
    }

    [Fact]
    public void SamplingFollowsTheModel()
    {
        // With the head's bias at +8 and its weights at zero, every pixel is 1 with probability σ(8) ≈ 0.9997.
        torch.manual_seed(3);
        var network = new GatedPixelCnn(Tiny());
        using (torch.no_grad())
        {
            foreach (var (name, p) in network.named_parameters())
                if (name.StartsWith("head_out", StringComparison.Ordinal))
                    p.Fill_(name.EndsWith("bias", StringComparison.Ordinal) ? 8 : 0);
        }
        using var pipeline = new PixelCnnPipeline(network);
        using var images = pipeline.Sample(10, seed: 1);
        Assert.True(images.mean().item<float>() > 0.99);
    }

    [Fact]
    public void LowTemperatureSharpensTheConditionals()
    {
        // Head bias +1, weights 0: p(x_i = 1) = σ(1) ≈ 0.73 at T = 1, σ(1 / 0.1) ≈ 0.99995 at T = 0.1.
        torch.manual_seed(6);
        var network = new GatedPixelCnn(Tiny());
        using (torch.no_grad())
        {
            foreach (var (name, p) in network.named_parameters())
                if (name.StartsWith("head_out", StringComparison.Ordinal))
                    p.Fill_(name.EndsWith("bias", StringComparison.Ordinal) ? 1 : 0);
        }
        using var pipeline = new PixelCnnPipeline(network);
        using var exact = pipeline.Generate(40, null, seed: 1);
        using var sharp = pipeline.Generate(40, null, seed: 1, temperature: 0.1);
        Assert.InRange(exact.mean().item<float>(), 0.68, 0.78);
        Assert.True(sharp.mean().item<float>() > 0.995);
        Assert.Throws<Pigment.Core.PigmentException>(() => pipeline.Generate(1, null, seed: 1, temperature: 0));
    }

    [Fact]
    public void SamplingLeavesNoLiveTensors()
    {
        torch.manual_seed(4);
        using var pipeline = new PixelCnnPipeline(new GatedPixelCnn(Tiny()));
        int passes = 0;
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var images = pipeline.Generate(2, null, seed: 1, onStep: k => passes = k);
        images.Dispose();
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        Assert.Equal(36, passes);                                        // one pass per pixel
    }

    [Fact]
    public void MarginalNllSumsTheClassConditionals()
    {
        torch.manual_seed(5);
        using var pipeline = new PixelCnnPipeline(new GatedPixelCnn(Tiny(classes: 3)));
        using var x = torch.rand(4, 1, 6, 6, generator: new Generator(1)).LessThan(0.4).to_type(ScalarType.Float32);
        int[] labels = [0, 2, 1, 1];
        var nll = pipeline.Nll(x, labels);
        double conditional = 0, marginal = 0;
        using var noGrad = torch.no_grad();
        for (int i = 0; i < 4; i++)
        {
            using var image = x[i..(i + 1)];
            var perClass = Enumerable.Range(0, 3).Select(c =>
            {
                using var y = torch.tensor(new long[] { c });
                using var n = pipeline.Network.NegativeLogLikelihood(image, y);
                return (double)n.item<float>();
            }).ToArray();
            conditional += perClass[labels[i]];
            marginal += -Math.Log(perClass.Average(n => Math.Exp(-n)));    // −log Σ_y (1/K) p(x | y)
        }
        Assert.Equal(conditional / 4, nll.Nats, 3);
        Assert.Equal(marginal / 4, nll.MarginalNats!.Value, 3);
        Assert.True(nll.MarginalNats <= nll.Nats + Math.Log(3) + 1e-4);
        Assert.Equal(nll.Nats / (36 * Math.Log(2)), nll.BitsPerDim(nll.Nats), 9);
    }
}
