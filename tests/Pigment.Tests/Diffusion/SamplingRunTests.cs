using Pigment.Core;
using Pigment.Core.Diffusion;
using Pigment.Samplers;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Tests.Diffusion;

/// <summary>The step API: starting part-way, strength 0 and 1, a hook that edits x, previews, cancellation, and one
/// sampler instance shared by concurrent runs.</summary>
public class SamplingRunTests
{
    private static readonly NoiseSchedule Schedule = new(new NoiseScheduleConfig(BetaSchedule.Cosine, 1000));

    /// <summary>A deterministic, non-linear stand-in for a network, so that every step's result matters.</summary>
    private static Tensor Fake(Tensor xt, Tensor t)
    {
        using var scale = torch.tensor(0.3f);
        using var squashed = xt.tanh();
        return squashed * scale;
    }

    private static Tensor Noise(long seed) => torch.randn(2, 1, 6, 6, generator: new Generator((ulong)seed));

    [Theory]
    [InlineData("ddim", 8, 3)]
    [InlineData("euler", 8, 5)]
    [InlineData("ddim", 6, 1)]
    public void StartingAtLevelKEqualsThePlansTail(string name, int steps, int k)
    {
        var sampler = SamplerCatalog.Create(name);
        var options = new SamplerOptions { Steps = steps, ClipDenoised = false };
        using var noise = Noise(1);
        Tensor? atK = null;
        var capture = new SamplingHooks { Replace = s => { if (s.Level == k) atK = s.X.clone().MoveToOuterDisposeScope(); return null; } };
        using var g1 = new Generator(3);
        using var full = SamplingRun.Run(sampler, Fake, Schedule, options, g1, noise, 0, capture);
        Assert.NotNull(atK);
        using var g2 = new Generator(3);
        using var tail = SamplingRun.Run(sampler, Fake, Schedule, options, g2, atK!, k);
        Assert.True(tail.allclose(full, rtol: 1e-5, atol: 1e-5), $"max difference {(tail - full).abs().max().item<float>()}");
        atK!.Dispose();
    }

    [Theory]
    [InlineData("dpm++2m")]
    [InlineData("euler-a")]
    [InlineData("ddim")]
    public void StrengthZeroReturnsTheInputAndStrengthOneIsTxt2Img(string name)
    {
        var sampler = SamplerCatalog.Create(name);
        var options = new SamplerOptions { Steps = 10 };
        var plan = SamplingPlan.Create(Schedule, options.Steps, options.Karras);
        using var image = torch.rand(2, 1, 6, 6, generator: new Generator(4)).Mul(2).Sub(1);
        using var noise = Noise(5);

        Assert.Equal(10, plan.StartLevel(0));
        using var start0 = plan.NoiseTo(image, noise, plan.StartLevel(0));
        using var g0 = new Generator(6);
        using var unchanged = SamplingRun.Run(sampler, Fake, Schedule, options, g0, start0, plan.StartLevel(0));
        Assert.True(TensorAssert.Same(unchanged, image));

        Assert.Equal(0, plan.StartLevel(1));
        using var start1 = plan.NoiseTo(image, noise, plan.StartLevel(1));
        using var g1 = new Generator(6);
        using var img2img = SamplingRun.Run(sampler, Fake, Schedule, options, g1, start1, plan.StartLevel(1));
        using var g2 = new Generator(6);
        using var txt2img = sampler.Sample(Fake, noise, Schedule, options, g2);
        Assert.True(TensorAssert.Same(img2img, txt2img));

        Assert.Equal(5, plan.StartLevel(0.5));               // the last ⌊10 · 0.5⌋ steps run, as in Diffusers
        Assert.Equal(8, plan.StartLevel(0.25));
        Assert.Throws<Pigment.Core.PigmentException>(() => plan.StartLevel(1.5));
    }

    [Theory]
    [InlineData("dpm++2m")]
    [InlineData("ddpm")]
    public void AReplaceHookThatKeepsEverythingKnownReturnsTheOriginal(string name)
    {
        // Inpainting with nothing to paint: after every step x is replaced by the original re-noised to the new
        // level, so the run ends (σ = 0) exactly at the original.
        var sampler = SamplerCatalog.Create(name);
        var options = new SamplerOptions { Steps = 6 };
        var plan = SamplingPlan.Create(Schedule, options.Steps, false);
        using var original = torch.rand(2, 1, 6, 6, generator: new Generator(7)).Mul(2).Sub(1);
        using var fixedNoise = Noise(8);
        int replaced = 0;
        var hooks = new SamplingHooks
        {
            Replace = s =>
            {
                replaced++;
                return plan.NoiseTo(original, fixedNoise, s.Level);
            },
        };
        using var noise = Noise(9);
        using var g = new Generator(1);
        using var result = SamplingRun.Run(sampler, Fake, Schedule, options, g, noise, 0, hooks);
        Assert.Equal(6, replaced);
        Assert.True(result.allclose(original, atol: 1e-6));
    }

    [Fact]
    public void ProgressReportsEachStepWithItsEstimateAndCancellationStopsBetweenSteps()
    {
        var sampler = SamplerCatalog.Create("euler");
        var options = new SamplerOptions { Steps = 8 };
        using var noise = Noise(10);
        using var cancel = new CancellationTokenSource();
        var seen = new List<(int Done, int Total, long[] Shape)>();
        var hooks = new SamplingHooks
        {
            Cancellation = cancel.Token,
            Progress = p =>
            {
                seen.Add((p.Done, p.Total, p.Denoised.shape));
                if (p.Done == 3)
                    cancel.Cancel();
            },
        };
        using var g = new Generator(1);
        Assert.Throws<OperationCanceledException>(() => SamplingRun.Run(sampler, Fake, Schedule, options, g, noise, 2, hooks));
        Assert.Equal([1, 2, 3], seen.Select(s => s.Done));
        Assert.All(seen, s => Assert.Equal(6, s.Total));                // started at level 2 of 8
        Assert.All(seen, s => Assert.Equal(noise.shape, s.Shape));
    }

    [Fact]
    public void OneSamplerServesConcurrentRuns()
    {
        // DPM++ 2M remembers the previous x̂_0: kept in the run, two runs on one instance at once cannot mix.
        var sampler = SamplerCatalog.Create("dpm++2m-sde");
        var options = new SamplerOptions { Steps = 12 };
        Tensor Draw(long seed)
        {
            using var noise = Noise(seed);
            using var g = new Generator((ulong)seed);
            return sampler.Sample(Fake, noise, Schedule, options, g);
        }
        var serial = new[] { Draw(20), Draw(21), Draw(22), Draw(23) };
        var parallel = new Tensor[4];
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => parallel[i] = Draw(20 + i));
        for (int i = 0; i < 4; i++)
            Assert.True(TensorAssert.Same(parallel[i], serial[i]), $"run {i}");
        foreach (var t in serial.Concat(parallel))
            t.Dispose();
    }
}
