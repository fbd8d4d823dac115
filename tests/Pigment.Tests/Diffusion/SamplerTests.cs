using Pigment.Core;
using Pigment.Core.Diffusion;
using Pigment.Samplers;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Tests.Diffusion;

public class SamplerTests
{
    private static readonly NoiseSchedule Schedule = new(new NoiseScheduleConfig(BetaSchedule.Cosine, 1000));

    /// <summary>An oracle that knows x_0 and returns the true noise of x_t: ε = (x_t − √ᾱ x_0) / √(1 − ᾱ).</summary>
    private static NoisePredictor Oracle(Tensor x0) => (xt, t) =>
    {
        double abar = NoiseSchedule.AlphaCumprodOf(Schedule.SigmaAt(t[0].item<float>()));
        return (xt - x0.Mul(Math.Sqrt(abar))).Div(Math.Sqrt(1 - abar));
    };

    [Theory]
    [InlineData("ddim", 2, false)]
    [InlineData("ddim", 4, true)]
    [InlineData("dpm++2m", 3, false)]
    [InlineData("dpm++2m", 4, true)]
    [InlineData("dpm++2m-sde", 3, false)]
    [InlineData("dpm++2m-sde", 4, true)]
    [InlineData("euler", 3, false)]
    [InlineData("ddpm", 4, false)]
    public void OracleMakesTheSamplerRecoverX0(string name, int steps, bool karras)
    {
        using var x0 = torch.rand(2, 1, 8, 8, generator: new Generator(1)).Mul(2).Sub(1);
        using var noise = torch.randn(2, 1, 8, 8, generator: new Generator(2));
        using var g = new Generator(3);
        using var result = SamplerCatalog.Create(name).Sample(Oracle(x0), noise, Schedule, new SamplerOptions { Steps = steps, Karras = karras }, g);
        Assert.True(result.allclose(x0, atol: 1e-4), $"{name}: max error {(result - x0).abs().max().item<float>()}");
    }

    [Fact]
    public void PlansWalkDownToZero()
    {
        foreach (bool karras in new[] { false, true })
        {
            var plan = SamplingPlan.Create(Schedule, 10, karras);
            Assert.Equal(11, plan.Sigmas.Length);
            Assert.Equal(0, plan.Sigmas[^1]);
            for (int i = 1; i < plan.Sigmas.Length; i++)
                Assert.True(plan.Sigmas[i] < plan.Sigmas[i - 1]);
            Assert.Equal(Schedule.SigmaMax, plan.Sigmas[0], 6);
        }
        var every = SamplingPlan.Create(Schedule, 1000, false);
        Assert.Equal(Enumerable.Range(0, 1000).Reverse().Select(t => (double)t), every.Timesteps.Select(t => Math.Round(t)));
    }

    [Fact]
    public void StochasticSamplersAreDeterministicUnderASeed()
    {
        using var x0 = torch.zeros(1, 1, 4, 4);
        foreach (var name in new[] { "ddpm", "euler-a", "dpm++2m-sde" })
        {
            using var noise = torch.randn(1, 1, 4, 4, generator: new Generator(5));
            NoisePredictor wrong = (xt, t) => xt.Mul(0.5);   // not an oracle: the added noise matters
            using var g1 = new Generator(9);
            using var g2 = new Generator(9);
            using var g3 = new Generator(10);
            var options = new SamplerOptions { Steps = 4, ClipDenoised = false };
            using var a = SamplerCatalog.Create(name).Sample(wrong, noise, Schedule, options, g1);
            using var b = SamplerCatalog.Create(name).Sample(wrong, noise, Schedule, options, g2);
            using var c = SamplerCatalog.Create(name).Sample(wrong, noise, Schedule, options, g3);
            Assert.True(TensorAssert.Same(a, b), name);
            Assert.False(TensorAssert.Same(a, c), name);
        }
    }

    [Fact]
    public void FirstOrderDpmSolverSdeStepIsTheDdpmPosteriorStep()
    {
        // Two steps: a first-order SDE step from σ_max, then the final step to x̂_0, same as DDPM on the same plan.
        using var noise = torch.randn(2, 1, 4, 4, generator: new Generator(5));
        NoisePredictor wrong = (xt, t) => xt.Mul(0.3).Add(0.1);
        var options = new SamplerOptions { Steps = 2 };
        using var g1 = new Generator(7);
        using var g2 = new Generator(7);
        using var ddpm = SamplerCatalog.Create("ddpm").Sample(wrong, noise, Schedule, options, g1);
        using var sde = SamplerCatalog.Create("dpm++2m-sde").Sample(wrong, noise, Schedule, options, g2);
        Assert.True(sde.allclose(ddpm, atol: 1e-4), $"max difference {(sde - ddpm).abs().max().item<float>()}");
        using var g3 = new Generator(7);
        using var ode = SamplerCatalog.Create("dpm++2m").Sample(wrong, noise, Schedule, options, g3);
        Assert.False(ode.allclose(ddpm, atol: 1e-4));
    }

    [Fact]
    public void SamplingLeavesNoLiveTensors()
    {
        using var x0 = torch.rand(1, 1, 8, 8, generator: new Generator(1));
        using var noise = torch.randn(1, 1, 8, 8, generator: new Generator(2));
        var oracle = Oracle(x0);
        foreach (var name in SamplerCatalog.Names)
        {
            using var g = new Generator(3);
            long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            var result = SamplerCatalog.Create(name).Sample(oracle, noise, Schedule, new SamplerOptions { Steps = 5 }, g);
            result.Dispose();
            Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        }
    }

    [Fact]
    public void BadSamplerSettingsAreExplained()
    {
        Assert.Contains("Unknown sampler", Assert.Throws<Pigment.Core.PigmentException>(() => SamplerCatalog.Create("plms")).Message);
        Assert.Throws<Pigment.Core.PigmentException>(() => new SamplerOptions { Steps = 1001 }.Validate(1000));
    }
}
