using System.Text.Json;
using Pigment.Core.Checkpoints;
using Pigment.Models.Gan;
using Pigment.Pipelines;
using Pigment.Tests.Diffusion;
using Pigment.Training;
using TorchSharp;

namespace Pigment.Tests.Gan;

public class GanTrainingTests
{
    private static readonly TrainerOptions Options = new()
    {
        Steps = 4, BatchSize = 8, LearningRate = 2e-4, Beta1 = 0.5, WarmupSteps = 1, CheckpointEvery = 100, SampleEvery = 0, LogEvery = 1,
        Seed = 3, EmaDecay = 0.9, GradClip = 0, MonitorEvery = 2,
    };

    private static GanConfig Config => new() { ImageSize = 8, LatentDim = 4, Width = 8, NumClasses = 2, SpectralNorm = true, ClassNames = ["left", "right"] };

    internal static Trainer NewTrainer(string folder)
    {
        torch.manual_seed(1);
        return new Trainer(new GanObjective(Config), new TinyDataset(), Options, new RunFolder(folder),
            monitor: (weights, seed) => new MonitorReport("mean", new Dictionary<string, object>
            {
                ["mean_pixel"] = new GanPipeline((DcganGenerator)weights).Sample(4, seed).mean().item<float>(),
            }));
    }

    [Fact]
    public void AdversarialResumeContinuesIdentically()
    {
        using var temp = new TempFolder();
        var (straight, interrupted) = ResumeCheck.Run(temp.Path, NewTrainer, stopAfter: 1);

        // Generator, its EMA, the discriminator and its power-iteration vectors all continue exactly.
        ResumeCheck.AssertSameTensors(straight, interrupted, "model.safetensors", "checkpoint/model.safetensors", "checkpoint/critic.safetensors");
    }

    [Fact]
    public void EachStepMovesBothPlayersAndLogsBothLossesAndTheMonitor()
    {
        using var temp = new TempFolder();
        var folder = Path.Combine(temp.Path, "run");
        var objective = new GanObjective(Config);
        var before = objective.Discriminator.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        var generatorBefore = objective.Generator.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        var trainer = new Trainer(objective, new TinyDataset(), Options with { Steps = 2, MonitorEvery = 1 }, new RunFolder(folder),
            monitor: (_, _) => new MonitorReport("ok", new Dictionary<string, object> { ["probe"] = 1 }));
        var monitored = new List<int>();
        trainer.Monitored += (step, _) => monitored.Add(step);
        trainer.Run(resume: false, CancellationToken.None);

        Assert.Contains(before, p => p.Key.EndsWith("weight", StringComparison.Ordinal) && !TensorAssert.Same(p.Value, objective.Discriminator.state_dict()[p.Key]));
        Assert.Contains(generatorBefore, p => p.Key.EndsWith("weight", StringComparison.Ordinal) && !TensorAssert.Same(p.Value, objective.Generator.state_dict()[p.Key]));
        Assert.All(objective.Discriminator.parameters(), p => Assert.True(p.requires_grad));   // unfrozen after the generator's step
        Assert.Equal([1, 2], monitored);

        var lines = File.ReadAllLines(Path.Combine(folder, "log.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, lines.Count(l => l.TryGetProperty("critic_loss", out _)));
        Assert.Equal(2, lines.Count(l => l.TryGetProperty("probe", out _)));
    }

    [Fact]
    public void ImageIUsesSeedPlusI()
    {
        torch.manual_seed(0);
        using var pipeline = new GanPipeline(new DcganGenerator(Config));
        using var a = pipeline.Generate(2, [1, 1], seed: 5);
        using var b = pipeline.Generate(1, [1], seed: 6);
        Assert.True(a[1].allclose(b[0], atol: 1e-5));
        Assert.Throws<Pigment.Core.PigmentException>(() => pipeline.Generate(1, null, 0));
        Assert.Equal(1, pipeline.ParseClass("right"));
    }
}
