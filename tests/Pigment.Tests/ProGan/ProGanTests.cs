using Pigment.Core;
using Pigment.Core.Checkpoints;
using Pigment.Models.Gan;
using Pigment.Models.ProGan;
using Pigment.Tests.Diffusion;
using Pigment.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Tests.ProGan;

public class ProGanTests
{
    private static ProGanConfig Small => new() { ImageSize = 16, Channels = 3, LatentDim = 8, Widths = [16, 8, 8], PhaseSteps = 10 };

    [Fact]
    public void TheScheduleTrainsFourByFourThenFadesEachResolutionInAndHoldsIt()
    {
        var config = Small;                                                     // 3 stages: 5 phases of 10 steps
        Assert.Equal(new GrowthPoint(0, 1), GrowthPoint.At(0, config));
        Assert.Equal(new GrowthPoint(0, 1), GrowthPoint.At(9, config));
        Assert.Equal(new GrowthPoint(1, 0), GrowthPoint.At(10, config));
        Assert.Equal(new GrowthPoint(1, 0.5), GrowthPoint.At(15, config));
        Assert.Equal(new GrowthPoint(1, 1), GrowthPoint.At(20, config));
        Assert.Equal(new GrowthPoint(2, 0.3), GrowthPoint.At(33, config));
        Assert.Equal(new GrowthPoint(2, 1), GrowthPoint.At(49, config));
        Assert.Equal(new GrowthPoint(2, 1), GrowthPoint.At(500, config));
        Assert.Equal(50, config.ScheduleSteps);
        Assert.Equal(16, GrowthPoint.At(40, config).Resolution);
        Assert.Equal(new GrowthPoint(2, 1), GrowthPoint.At(0, config with { Grow = false }));     // the baseline: full size from the start
    }

    [Fact]
    public void AtTheStartOfAFadeBothNetworksAreExactlyTheSmallerOnes()
    {
        torch.manual_seed(0);
        var config = Small;
        using var g = new ProGanGenerator(config);
        using var d = new ProGanDiscriminator(config);
        g.eval();
        using var z = torch.randn(4, 8);
        g.Point = new GrowthPoint(1, 1);
        using var coarse = g.call(z);
        g.Point = new GrowthPoint(2, 0);
        using var faded = g.call(z);
        Assert.Equal(new long[] { 4, 3, 16, 16 }, faded.shape);
        using var upsampled = nn.functional.interpolate(coarse, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest);
        Assert.True(faded.allclose(upsampled, atol: 1e-5));
        g.Point = new GrowthPoint(2, 0.5);
        using var half = g.call(z);
        Assert.False(half.allclose(upsampled, atol: 1e-3));                     // the new block shows as α rises

        using var x = torch.randn(4, 3, 16, 16);
        d.Point = new GrowthPoint(2, 0);
        using var judgedFaded = d.call(x);
        d.Point = new GrowthPoint(1, 1);
        using var pooled = nn.functional.avg_pool2d(x, 2);
        using var judgedCoarse = d.call(pooled);
        Assert.True(judgedFaded.allclose(judgedCoarse, atol: 1e-5));
        Assert.Equal(new long[] { 4 }, judgedFaded.shape);
    }

    [Fact]
    public void RealsAreShownAtTheGrowthPointsResolutionAndFadedLikeTheGenerator()
    {
        using var x = torch.rand(2, 3, 16, 16);
        using var at8 = ProGanObjective.RealsAt(x, new GrowthPoint(1, 1));
        using var pooled = nn.functional.avg_pool2d(x, 2);
        Assert.True(at8.allclose(pooled));
        using var fadeStart = ProGanObjective.RealsAt(x, new GrowthPoint(2, 0));
        using var coarse = nn.functional.interpolate(pooled, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest);
        Assert.True(fadeStart.allclose(coarse, atol: 1e-6));
    }

    [Fact]
    public void EqualizedLayersScaleByHesConstantAndPixelNormGivesUnitRms()
    {
        torch.manual_seed(1);
        using var conv = new EqualizedConv2d(64, 64, 3, padding: 1);
        using var x = torch.randn(8, 64, 16, 16);
        using var y = conv.call(x);
        Assert.InRange(y.var().item<float>(), 1.6, 2.4);                        // gain² = 2 for unit-variance input
        using var weight = conv.parameters().First();
        Assert.InRange(weight.std().item<float>(), 0.95, 1.05);                  // stored as N(0, 1)
        using var normed = GanOps.PixelNorm(x.Mul(7.0));
        using var rms = normed.square().mean([1]).sqrt();
        Assert.True(rms.allclose(torch.ones_like(rms), atol: 1e-4));
    }

    [Fact]
    public void MinibatchStdDevIsZeroForABatchWithoutVariety()
    {
        using var same = torch.ones(8, 4, 4, 4);
        using var withStd = GanOps.MinibatchStdDev(same);
        Assert.Equal(new long[] { 8, 5, 4, 4 }, withStd.shape);
        Assert.True(withStd[.., 4].abs().max().item<float>() < 1e-3);
        using var varied = torch.randn(8, 4, 4, 4, generator: new torch.Generator(3));
        using var variedStd = GanOps.MinibatchStdDev(varied);
        Assert.True(variedStd[.., 4].min().item<float>() > 0.5);
    }

    [Fact]
    public void R1IsHalfGammaTimesTheSquaredGradientNorm()
    {
        using var w = torch.tensor(new float[] { 1, -2, 3, 0.5f }).reshape(1, 1, 2, 2);
        using var x = torch.randn(5, 1, 2, 2).requires_grad_(true);
        using var logits = x.mul(w).sum([1, 2, 3]);                             // d(x) = w·x: ∇d = w, ‖w‖² = 14.25
        using var penalty = GanLoss.R1Penalty(logits, x, gamma: 2);
        Assert.Equal(14.25, penalty.item<float>(), 4);
    }

    private static readonly TrainerOptions Options = ProGanTraining_Recipe() with
    {
        Steps = 6, BatchSize = 8, LearningRate = 1e-3, CheckpointEvery = 100, SampleEvery = 0, LogEvery = 1, Seed = 5, EmaDecay = 0.9,
    };

    private static TrainerOptions ProGanTraining_Recipe() => Pipelines.ProGanTraining.Recipe();

    private static Trainer NewTrainer(string folder)
    {
        torch.manual_seed(1);
        var config = new ProGanConfig { ImageSize = 8, Channels = 1, LatentDim = 4, Widths = [8, 8], PhaseSteps = 2, R1Every = 2 };
        return new Trainer(new ProGanObjective(config), new TinyDataset(), Options, new RunFolder(folder));
    }

    [Fact]
    public void ResumeInTheMiddleOfAFadeContinuesIdentically()
    {
        using var temp = new TempFolder();
        // Steps 2 and 3 fade 8×8 in (α = 0, 0.5): stopping after 3 steps resumes at α = 0.5, with R1 on even steps.
        var (straight, interrupted) = ResumeCheck.Run(temp.Path, NewTrainer, stopAfter: 3);
        ResumeCheck.AssertSameTensors(straight, interrupted, "model.safetensors", "checkpoint/model.safetensors", "checkpoint/critic.safetensors");
        // The top resolution's layers trained: the 8×8 toRGB moved from its initial weights.
        torch.manual_seed(1);
        using var initial = new ProGanGenerator(new ProGanConfig { ImageSize = 8, Channels = 1, LatentDim = 4, Widths = [8, 8] });
        using var trained = SafeTensors.Load(Path.Combine(straight, "checkpoint", "model.safetensors"));
        Assert.False(TensorAssert.Same(initial.state_dict()["to_rgb.1.weight"], trained.Tensors["to_rgb.1.weight"]));
    }
}
