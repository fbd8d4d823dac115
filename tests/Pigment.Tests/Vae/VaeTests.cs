using Pigment.Core;
using Pigment.Core.Data;
using Pigment.Models.Vae;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Tests.Vae;

public class VaeTests
{
    private static readonly VaeConfig Tiny = new() { ImageSize = 8, LatentDim = 4, Width = 4, HiddenDim = 16 };

    [Fact]
    public void KlTermMatchesTheClosedFormAndMonteCarlo()
    {
        using var mean = torch.tensor(new float[] { 0.5f, -1f, 0f }, [1, 3]);
        using var logVar = torch.tensor(new float[] { 0f, -0.5f, 0.7f }, [1, 3]);
        using var kl = VaeObjective.KlToStandardNormal(mean, logVar);
        // Per dimension: ½ (σ² + μ² − 1 − log σ²).
        double expected = new[] { (0.5, 0.0), (-1.0, -0.5), (0.0, 0.7) }.Sum(p => 0.5 * (Math.Exp(p.Item2) + p.Item1 * p.Item1 - 1 - p.Item2));
        Assert.Equal(expected, kl.item<float>(), 5);

        // E_q[log q(z) − log p(z)] by sampling agrees.
        using var g = new Generator(1);
        using var z = VaeObjective.Reparameterize(mean.expand(200_000, 3), logVar.expand(200_000, 3), g);
        using var logQ = logVar.Add(Math.Log(2 * Math.PI)).Plus((z - mean).square() / logVar.exp()).Mul(-0.5).sum(1);
        using var logP = ImportanceSampledNll.StandardNormalLogDensity(z);
        Assert.InRange((logQ - logP).mean().item<float>(), expected - 0.02, expected + 0.02);
    }

    [Fact]
    public void ShapesAndAFiniteLoss()
    {
        torch.manual_seed(0);
        var objective = new VaeObjective(Tiny);
        using var images = torch.rand(5, 1, 8, 8).Mul(2).Sub(1);
        using var batch = new Batch(images.clone(), torch.zeros(5, ScalarType.Int64), new string?[5], 0, 0);
        using var g = new Generator(2);
        using var loss = objective.Loss(objective.Vae, batch, g);
        Assert.True(float.IsFinite(loss.item<float>()));
        using var decoded = objective.Vae.Decode(torch.randn(3, 4));
        Assert.Equal(new long[] { 3, 1, 8, 8 }, decoded.shape);
    }

    [Fact]
    public void ImportanceSamplingTightensTheBound()
    {
        // The IWAE bound is a lower bound on log p(x) that grows with K: NLL estimates shrink with more samples.
        torch.manual_seed(3);
        var vae = new ConvVae(Tiny);
        using var g = new Generator(4);
        using var x = torch.rand(8, 1, 8, 8, generator: g).LessThan(0.3).to_type(ScalarType.Float32);
        using var one = ImportanceSampledNll.Estimate(vae, x, 1, new Generator(5));
        using var many = ImportanceSampledNll.Estimate(vae, x, 500, new Generator(5));
        Assert.True(many.mean().item<float>() < one.mean().item<float>());
        Assert.True(many.min().item<float>() > 0);
    }
}
