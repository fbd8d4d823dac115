using Pigment.Core;
using Pigment.Models.BigGan;
using Pigment.Pipelines;
using Pigment.Tests.Diffusion;
using Pigment.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Tests.BigGan;

public class BigGanTests
{
    private static BigGanConfig Small => new()
    {
        ImageSize = 16, Channels = 3, LatentDim = 12, ClassEmbedDim = 4, Widths = [16, 8, 8], AttentionResolution = 8, ClassNames = ["a", "b", "c"],
    };

    [Fact]
    public void TheClassAndEachZChunkSteerTheImageAndTheProjectionDiscriminatorReadsTheClass()
    {
        torch.manual_seed(0);
        using var g = new BigGanGenerator(Small);
        using var d = new BigGanDiscriminator(Small);
        g.eval();
        using var z = torch.randn(1, 12);
        using var a = g.call(z, torch.tensor(new long[] { 0 }));
        using var b = g.call(z, torch.tensor(new long[] { 2 }));
        Assert.Equal(new long[] { 1, 3, 16, 16 }, a.shape);
        Assert.False(a.allclose(b, atol: 1e-4));
        using var lastChunk = z.clone();
        lastChunk[0, 11] = torch.tensor(3.0f);                                  // only the last block's chunk
        using var c = g.call(lastChunk, torch.tensor(new long[] { 0 }));
        Assert.False(a.allclose(c, atol: 1e-5));
        using var x = torch.randn(2, 3, 16, 16);
        using var asA = d.call(x, torch.tensor(new long[] { 0, 0 }));
        using var asC = d.call(x, torch.tensor(new long[] { 2, 2 }));
        Assert.False(asA.allclose(asC, atol: 1e-5));
        Assert.Throws<PigmentException>(() => new BigGanGenerator(Small with { LatentDim = 10 }));    // 10 does not split in 3
    }

    [Fact]
    public void TruncationDrawsFromTheTruncatedNormalDeterministically()
    {
        using var z = torch.randn(200_000, generator: new torch.Generator(5));
        using var t = BigGanGenerator.TruncateNormal(z, 1.0);
        Assert.True(t.abs().max().item<float>() <= 1.0f);
        // The standard normal truncated at ±1 has variance 1 − 2φ(1)/(Φ(1) − Φ(−1)) = 0.2911.
        Assert.Equal(0.2911, t.var().item<float>(), 2);
        Assert.Equal(0.0, t.mean().item<float>(), 2);
        using var again = BigGanGenerator.TruncateNormal(z, 1.0);
        Assert.True(t.allclose(again, rtol: 0, atol: 0));
        using var order = z[..1000].argsort();                                  // monotone: the order of z is kept
        using var orderT = t[..1000].argsort();
        Assert.True(order.allclose(orderT, rtol: 0, atol: 0));
    }

    /// <summary>
    /// A draw without a truncation reads z as it is; threshold 1 is a real (strong) truncation. Until 2026-12-07 the
    /// pipeline's default of 1, meant as "none" for StyleGAN's ψ, truncated every BigGAN draw at 1.
    /// </summary>
    [Fact]
    public void ADrawWithoutTruncationLeavesZAloneAndThresholdOneDoesNot()
    {
        torch.manual_seed(0);
        using var g = new BigGanGenerator(Small);
        g.eval();
        using var z = torch.randn(4, 12, generator: new torch.Generator(3));
        using var y = torch.tensor(new long[] { 0, 1, 2, 0 });
        using var inference = torch.inference_mode();
        using var plain = g.call(z, y);
        using var none = g.Draw(z, y);
        using var one = g.Draw(z, y, 1.0);
        Assert.True(none.allclose(plain, rtol: 0, atol: 0));
        Assert.False(one.allclose(plain, atol: 1e-4));
    }

    [Fact]
    public void OrthogonalRegularisationIsZeroForOrthogonalRowsOnly()
    {
        var (q, _) = torch.linalg.qr(torch.randn(6, 6, generator: new torch.Generator(1)));
        using var orthogonal = q.mul(torch.tensor(3.0f));                       // norms are free, only angles count
        Assert.True(BigGanObjective.OrthogonalPenalty(orthogonal).item<float>() < 1e-3);
        using var random = torch.randn(6, 6, generator: new torch.Generator(2));
        Assert.True(BigGanObjective.OrthogonalPenalty(random).item<float>() > 1);
    }

    private static Trainer NewTrainer(string folder) => NewTrainer(folder, BigGanTraining.Recipe().CriticSteps);

    [Fact]
    public void AResumeWithAnotherNumberOfCriticStepsIsRefused()
    {
        using var temp = new TempFolder();
        Assert.Equal(TrainingOutcome.Completed, NewTrainer(temp.Path, criticSteps: 2).Run(resume: false, CancellationToken.None));
        var error = Assert.Throws<PigmentException>(() => NewTrainer(temp.Path, criticSteps: 1).Run(resume: true, CancellationToken.None));
        Assert.Contains("--critic-steps 2", error.Message);
    }

    private static Trainer NewTrainer(string folder, int criticSteps)
    {
        torch.manual_seed(1);
        var config = new BigGanConfig { ImageSize = 8, Channels = 1, LatentDim = 4, ClassEmbedDim = 4, Widths = [8, 8], AttentionResolution = 8, ClassNames = ["left", "right"] };
        var options = BigGanTraining.Recipe() with { Steps = 4, BatchSize = 8, LearningRate = 2e-4, CheckpointEvery = 100, SampleEvery = 0, LogEvery = 1, Seed = 9, EmaDecay = 0.9, CriticSteps = criticSteps };
        return new Trainer(new BigGanObjective(config), new TinyDataset(), options, new RunFolder(folder));
    }

    /// <summary>
    /// With β₁ = 0, Adam's first step moves every weight with a gradient by exactly its learning rate, so the largest
    /// move of the critic's weights after one generator step reads off its rate (TTUR: 4× G's) and how many times it
    /// descended (a second descent moves some weights further, by at most √2 times the rate when β₂ → 1).
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void TheCriticDescendsItsStepsAtItsOwnRate(int criticSteps)
    {
        using var temp = new TempFolder();
        torch.manual_seed(3);
        var config = new BigGanConfig { ImageSize = 8, Channels = 1, LatentDim = 4, ClassEmbedDim = 4, Widths = [8, 8], AttentionResolution = 8, ClassNames = ["left", "right"] };
        var objective = new BigGanObjective(config);
        var options = BigGanTraining.Recipe() with
        {
            Steps = 1, BatchSize = 8, LearningRate = 1e-3, CriticSteps = criticSteps, CheckpointEvery = 100, SampleEvery = 0, EmaDecay = 0, Seed = 4,
        };
        Assert.Equal(4, options.CriticLearningRateScale);
        double LargestMove(nn.Module module, Action train)
        {
            var before = module.parameters().Select(TensorAssert.Snapshot).ToList();
            train();
            return module.parameters().Zip(before, (after, b) => after.detach().sub(b).abs().max().item<float>()).Max();
        }
        double generatorMove = 0;
        double criticMove = LargestMove(objective.Discriminator, () => generatorMove = LargestMove(objective.Generator,
            () => new Trainer(objective, new TinyDataset(), options, new RunFolder(temp.Path)).Run(resume: false, CancellationToken.None)));
        Assert.Equal(1e-3, generatorMove, 1e-6);
        if (criticSteps == 1)
            Assert.Equal(4e-3, criticMove, 1e-6);
        else
            Assert.InRange(criticMove, 1.5 * 4e-3, (1 + Math.Sqrt(2)) * 4e-3 + 1e-6);     // Adam's second step is at most √2·rate
    }

    [Fact]
    public void ResumeContinuesIdentically()
    {
        using var temp = new TempFolder();
        var (straight, interrupted) = ResumeCheck.Run(temp.Path, NewTrainer, stopAfter: 2);
        ResumeCheck.AssertSameTensors(straight, interrupted, "model.safetensors", "checkpoint/model.safetensors", "checkpoint/critic.safetensors");
    }
}
