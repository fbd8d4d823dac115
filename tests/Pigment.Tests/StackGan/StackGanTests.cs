using Pigment.Core;
using Pigment.Core.Checkpoints;
using Pigment.Core.Data;
using Pigment.Models.StackGan;
using Pigment.Models.TextEncoders;
using Pigment.Pipelines;
using Pigment.Pipelines.Generation;
using Pigment.Tests.TextToImage;
using Pigment.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Tests.StackGan;

public class StackGanTests
{
    /// <summary>A tiny StackGAN on the 64×64 scenes: Stage I at 32×32, Stage II at 64×64.</summary>
    private static StackGanConfig Small(int stage) => new()
    {
        Stage = stage, ImageSize = 64, Stage1Size = 32, LatentDim = 8, ConditionDim = 8, TextDim = TinyTextToImage.TextEncoder.EmbedDim,
        Width = 4, DiscriminatorWidth = 4, ResidualBlocks = 1,
    };

    private static ClipModel Clip(long seed = 3)
    {
        torch.manual_seed(seed);
        return new ClipModel(TinyTextToImage.TextEncoder with { ImageSize = 64 });
    }

    [Fact]
    public void EachStageDrawsItsSizeAndTheTextSteersGeneratorAndDiscriminator()
    {
        torch.manual_seed(0);
        using var one = new StackGanStage1(Small(1));
        using var two = new StackGanStage2(Small(2));
        using var d = new MatchingDiscriminator(64, 3, 4, 16);
        one.eval();
        two.eval();
        using var z = torch.randn(2, 8);
        using var noise = torch.zeros(2, 8);
        using var textA = torch.randn(2, 16);
        using var textB = torch.randn(2, 16);
        using var sketchA = one.call(textA, z, noise);
        using var sketchB = one.call(textB, z, noise);
        Assert.Equal(new long[] { 2, 3, 32, 32 }, sketchA.Images.shape);
        Assert.False(sketchA.Images.allclose(sketchB.Images, atol: 1e-5));
        using var fullA = two.call(sketchA.Images, textA, noise);
        using var fullB = two.call(sketchA.Images, textB, noise);             // same sketch, other text: Stage II reads the text again
        Assert.Equal(new long[] { 2, 3, 64, 64 }, fullA.Images.shape);
        Assert.False(fullA.Images.allclose(fullB.Images, atol: 1e-5));
        Assert.True(fullA.Images.abs().max().item<float>() <= 1);
        using var logitsA = d.call(fullA.Images, textA);
        using var logitsB = d.call(fullA.Images, textB);
        Assert.Equal(new long[] { 2 }, logitsA.shape);
        Assert.False(logitsA.allclose(logitsB, atol: 1e-6));
        Assert.Throws<PigmentException>(() => new StackGanStage1(Small(1) with { Stage1Size = 24 }));
    }

    [Fact]
    public void ConditioningAugmentationSamplesItsGaussianAndTheKlVanishesOnlyAtTheStandardNormal()
    {
        torch.manual_seed(2);
        using var augment = new ConditioningAugmentation(6, 4);
        using var text = torch.randn(1, 6).expand(50_000, 6).contiguous();
        using var noise = torch.randn(50_000, 4, generator: new torch.Generator(4));
        var (c, mean, logVariance) = augment.call(text, noise);
        using (c)
        using (mean)
        using (logVariance)
        {
            using var std = logVariance.Mul(0.5).exp();
            Assert.True(c.mean(new long[] { 0 }).allclose(mean[0], atol: 0.03));
            Assert.True(c.std(0).allclose(std[0], rtol: 0.03));
        }
        using var zeros = torch.zeros(3, 4);
        Assert.Equal(0.0, ConditioningAugmentation.KlDivergence(zeros, zeros).item<float>(), 6);
        // μ = 1, log σ² = 0: ½ μ² = 0.5 per feature.
        Assert.Equal(0.5, ConditioningAugmentation.KlDivergence(torch.ones(3, 4), zeros).item<float>(), 5);
    }

    private static Trainer NewTrainer(string folder, int stage, StackGanStage1? sketcher)
    {
        torch.manual_seed(1);
        var options = StackGanTraining.Recipe() with { Steps = 3, BatchSize = 4, LearningRate = 2e-4, CheckpointEvery = 100, SampleEvery = 0, LogEvery = 1, Seed = 9, EmaDecay = 0.9 };
        var dataset = DatasetCatalog.Open("shapes:sd", DatasetSplit.Train, seed: 9);
        return new Trainer(new StackGanObjective(Small(stage), Clip(), sketcher), dataset, options, new RunFolder(folder));
    }

    [Fact]
    public void BothStagesTrainAndResumeIdentically()
    {
        using var temp = new TempFolder();
        var (straight, interrupted) = ResumeCheck.Run(Path.Combine(temp.Path, "one"), f => NewTrainer(f, 1, null), stopAfter: 1);
        ResumeCheck.AssertSameTensors(straight, interrupted, "model.safetensors", "checkpoint/critic.safetensors");
        torch.manual_seed(5);
        using var sketcher = new StackGanStage1(Small(1));
        var (straight2, interrupted2) = ResumeCheck.Run(Path.Combine(temp.Path, "two"), f => NewTrainer(f, 2, sketcher), stopAfter: 1);
        ResumeCheck.AssertSameTensors(straight2, interrupted2, "model.safetensors", "checkpoint/critic.safetensors");
        Assert.Throws<PigmentException>(() => new StackGanObjective(Small(2), Clip(), null));
    }

    [Fact]
    public void AnAssembledModelDrawsFromAPromptWithSeedPlusIAndRefusesDiffusionSettings()
    {
        using var temp = new TempFolder();
        string Part(string name, nn.Module module, object config)
        {
            var folder = Path.Combine(temp.Path, name);
            Directory.CreateDirectory(folder);
            ConfigJson.Save(Path.Combine(folder, "config.json"), config);
            StateDict.Save(module, Path.Combine(folder, "model.safetensors"));
            return folder;
        }
        using (var clip = Clip())
        using (var one = new StackGanStage1(Small(1)))
        using (var two = new StackGanStage2(Small(2)))
            ModelStore.WriteParts(Path.Combine(temp.Path, "model"), StackGanPipeline.FamilyName,
            [
                ("text_encoder", ClipObjective.FamilyName, Part("te", clip, clip.Config)),
                ("stage1", StackGanPipeline.FamilyName, Part("s1", one, one.Config)),
                ("stage2", StackGanPipeline.FamilyName, Part("s2", two, two.Config)),
            ]);
        using var generator = Generators.Open(ModelStore.Resolve(Path.Combine(temp.Path, "model")));
        Assert.True(generator.Abilities.Text);
        var request = new GenerationRequest { Count = 3, Seed = 40, Prompt = "a red circle above a blue square" };
        var all = generator.Generate(request);
        var third = generator.Generate(request with { Count = 1, Seed = 42 });
        Assert.Equal(new long[] { 3, 3, 64, 64 }, all.Images.shape);
        Assert.True(all.Images[2].allclose(third.Images[0], atol: 1e-5));            // batch size changes only the float rounding
        Assert.Equal(42, all.Parameters[2].Seed);
        Assert.Contains(generator.Warnings(request with { Prompt = "a red unicorn" }), w => w.Contains("'unicorn'"));
        Assert.Throws<PigmentException>(() => generator.Generate(request with { Guidance = 4 }));
        Assert.Throws<PigmentException>(() => generator.Generate(request with { Sampler = "ddim" }));
    }
}
