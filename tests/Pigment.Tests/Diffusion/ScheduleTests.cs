using Pigment.Core;
using Pigment.Core.Diffusion;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Tests.Diffusion;

public class ScheduleTests
{
    [Fact]
    public void LinearScheduleMatchesHoEtAl()
    {
        var s = new NoiseSchedule(new NoiseScheduleConfig(BetaSchedule.Linear, 1000));
        Assert.Equal(1e-4, s.Betas[0], 12);
        Assert.Equal(0.02, s.Betas[^1], 12);
        // ᾱ_T for the linear schedule is about 4e-5 (Ho et al. 2020).
        Assert.InRange(s.AlphasCumprod[^1], 3e-5, 5e-5);
    }

    [Fact]
    public void CosineScheduleFollowsItsClosedForm()
    {
        var s = new NoiseSchedule(new NoiseScheduleConfig(BetaSchedule.Cosine, 1000));
        double F(double t) => Math.Pow(Math.Cos((t / 1000 + 0.008) / 1.008 * Math.PI / 2), 2);
        foreach (int t in new[] { 0, 100, 500, 900 })
            Assert.Equal(F(t + 1) / F(0), s.AlphasCumprod[t], 9);
        for (int t = 1; t < 1000; t++)
            Assert.True(s.AlphasCumprod[t] < s.AlphasCumprod[t - 1]);
        Assert.True(s.AlphasCumprod[^1] < 1e-6);
    }

    [Fact]
    public void SigmaAndTimestepAreInverse()
    {
        var s = new NoiseSchedule(new NoiseScheduleConfig());
        foreach (double t in new[] { 0.0, 3.5, 250.25, 998.0 })
            Assert.Equal(t, s.TimestepOf(s.SigmaAt(t)), 6);
        Assert.Equal(1 / (1 + 4.0), NoiseSchedule.AlphaCumprodOf(2), 12);
    }

    [Fact]
    public void ForwardProcessHasTheClosedFormMoments()
    {
        // q(x_t | x_0) = N(√ᾱ_t x_0, (1 − ᾱ_t) I): check mean and variance over many draws.
        var s = new NoiseSchedule(new NoiseScheduleConfig(BetaSchedule.Linear, 1000));
        int n = 200_000, t = 300;
        using var x0 = ScalarMath.Full([n, 1], 0.7f);
        using var noise = torch.randn(n, 1, generator: new Generator(11));
        using var steps = ScalarMath.Full([n], t, ScalarType.Int64);
        using var xt = s.AddNoise(x0, noise, steps);
        double abar = s.AlphasCumprod[t];
        // Standard errors at n = 200,000: about 0.002 for the mean and 0.002 for the variance.
        Assert.InRange(xt.mean().item<float>(), Math.Sqrt(abar) * 0.7 - 0.008, Math.Sqrt(abar) * 0.7 + 0.008);
        Assert.InRange(xt.var().item<float>(), (1 - abar) - 0.008, (1 - abar) + 0.008);
        // v = √ᾱ ε − √(1−ᾱ) x_0, and then ε = √(1−ᾱ) x_t + √ᾱ v recovers the noise.
        using var v = s.Velocity(x0, noise, steps);
        using var back = xt.Mul(Math.Sqrt(1 - abar)).Plus(v.Mul(Math.Sqrt(abar)));
        Assert.True(back.allclose(noise, atol: 1e-5));
    }
}
