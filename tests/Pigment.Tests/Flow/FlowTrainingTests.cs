using Pigment.Core.Checkpoints;
using Pigment.Models.Flow;
using Pigment.Pipelines;
using Pigment.Tests.Diffusion;
using Pigment.Training;
using TorchSharp;

namespace Pigment.Tests.Flow;

public class FlowTrainingTests
{
    private static readonly TrainerOptions Options = new()
    {
        Steps = 4, BatchSize = 8, LearningRate = 1e-3, WarmupSteps = 1, CheckpointEvery = 100, SampleEvery = 0, LogEvery = 1, Seed = 3, EmaDecay = 0.9,
    };

    /// <summary>
    /// A trainer whose model starts from the weights in <paramref name="initial"/> (the global RNG is shared with
    /// tests running in parallel, so it cannot make two models equal). No eager initialisation here: the actnorms
    /// initialise lazily on the first training batch, so a resume that lost the `initialized` flags would
    /// re-initialise them on the batch of step 2 and diverge.
    /// </summary>
    internal static Trainer NewTrainer(string folder, string initial)
    {
        var objective = new FlowObjective(FlowTests.Tiny(classes: 2));
        StateDict.Load(objective.Flow, initial);
        Assert.False(objective.Flow.modules().OfType<ActNorm>().First().IsInitialized);
        return new Trainer(objective, new TinyDataset(), Options, new RunFolder(folder));
    }

    [Fact]
    public void ResumeContinuesIdenticallyWithoutReinitialisingActNorm()
    {
        using var temp = new TempFolder();
        var initial = temp.File("initial.safetensors");
        StateDict.Save(new Glow(FlowTests.Tiny(classes: 2)), initial);
        var (straight, interrupted) = ResumeCheck.Run(temp.Path, folder => NewTrainer(folder, initial), stopAfter: 2);

        foreach (var file in new[] { "model.safetensors", "checkpoint/model.safetensors" })
        {
            using var a = SafeTensors.Load(Path.Combine(straight, file));
            using var b = SafeTensors.Load(Path.Combine(interrupted, file));
            Assert.Contains(a.Tensors.Keys, k => k.EndsWith("actnorm.initialized", StringComparison.Ordinal));
            var differing = a.Tensors.Where(t => !TensorAssert.Same(t.Value, b.Tensors[t.Key])).Select(t => $"{t.Key} {(t.Value - b.Tensors[t.Key]).abs().max().item<float>()}").ToList();
            Assert.True(differing.Count == 0, $"{file}: {string.Join("; ", differing)}");
        }
        var losses = File.ReadAllLines(Path.Combine(straight, "log.jsonl"));
        Assert.Equal(4, losses.Length);
    }

    [Fact]
    public void TrainsOnMnistAndThePipelineSamplesAndMeasuresBitsPerDim()
    {
        using var temp = new TempFolder();
        var folder = Path.Combine(temp.Path, "run");
        var options = Options with { Steps = 3, BatchSize = 16, EmaDecay = 0 };
        var trainer = FlowTraining.Create(new FlowTrainingRequest("mnist", Conditional: true, Levels: 2, StepsPerLevel: 1, HiddenChannels: 8), options, new RunFolder(folder), resume: false);
        Assert.Equal(TrainingOutcome.Completed, trainer.Run(resume: false, CancellationToken.None));
        Assert.Throws<Pigment.Core.PigmentException>(() =>
            FlowTraining.Create(new FlowTrainingRequest("mnist", true, 2, 1, 8), options, new RunFolder(folder), resume: false));

        using var pipeline = FlowPipeline.Load(ModelStore.Resolve(folder));
        Assert.All(pipeline.Flow.modules().OfType<ActNorm>(), a => Assert.True(a.IsInitialized));
        using var a = pipeline.Sample(12, seed: 4);
        using var b = pipeline.Sample(12, seed: 4);
        Assert.Equal(new long[] { 12, 1, 28, 28 }, a.shape);
        Assert.True(TensorAssert.Same(a, b));
        Assert.True(a.min().item<float>() >= 0 && a.max().item<float>() <= 1);

        var (bits, nats) = pipeline.TestNll(draws: 1, limit: 20, seed: 0);
        Assert.True(double.IsFinite(bits) && bits > 0 && bits < 20, $"{bits} bits/dim");
        Assert.Equal(nats / (784 * Math.Log(2)), bits, 9);
        var (again, _) = pipeline.TestNll(draws: 1, limit: 20, seed: 0);
        Assert.Equal(bits, again);
        Assert.Throws<Pigment.Core.PigmentException>(() => pipeline.ParseClass("10"));
    }
}
