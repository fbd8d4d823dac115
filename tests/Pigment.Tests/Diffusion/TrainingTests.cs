using Pigment.Core.Checkpoints;
using Pigment.Core.Diffusion;
using Pigment.Models.Diffusion;
using Pigment.Pipelines;
using Pigment.Samplers;
using Pigment.Training;
using TorchSharp;

namespace Pigment.Tests.Diffusion;

public class TrainingTests
{
    private static readonly TrainerOptions Options = new()
    {
        Steps = 4, BatchSize = 8, LearningRate = 1e-3, WarmupSteps = 1, CheckpointEvery = 100, SampleEvery = 0, LogEvery = 1, Seed = 3, EmaDecay = 0.9,
    };

    private static DiffusionModelConfig Config => new() { Unet = Tiny.UNet(), Schedule = new NoiseScheduleConfig(BetaSchedule.Cosine, 50), ClassNames = ["left", "right"] };

    internal static Trainer NewTrainer(string folder)
    {
        torch.manual_seed(1);
        return new Trainer(new DiffusionObjective(Config), new TinyDataset(), Options, new RunFolder(folder));
    }

    [Fact]
    public void ResumeContinuesIdentically()
    {
        using var temp = new TempFolder();
        var (straight, interrupted) = ResumeCheck.Run(temp.Path, NewTrainer, stopAfter: 2);
        ResumeCheck.AssertSameTensors(straight, interrupted, "model.safetensors", "checkpoint/model.safetensors");
        Assert.Equal(4, File.ReadAllLines(Path.Combine(interrupted, "log.jsonl")).Length);
    }

    [Fact]
    public void LogNormalTimestepsFollowTheirDistributionInLogSigma()
    {
        var config = new DiffusionModelConfig { Unet = Tiny.UNet(), Timesteps = TimestepSampling.LogNormal, LogSigmaMean = -0.8, LogSigmaStd = 1.0 };
        var objective = new DiffusionObjective(config);
        var schedule = new NoiseSchedule(config.Schedule);
        using var generator = new torch.Generator(5);
        using var t = objective.DrawTimesteps(20_000, generator);
        var logSigmas = t.data<long>().ToArray().Select(i => Math.Log(schedule.Sigmas[i])).ToArray();
        double mean = logSigmas.Average(), std = Math.Sqrt(logSigmas.Select(x => (x - mean) * (x - mean)).Average());
        Assert.InRange(mean, -0.85, -0.72);          // the nearest step at or above σ sits a little higher
        Assert.InRange(std, 0.95, 1.05);
        Assert.InRange(t.min().item<long>(), 0, 1000);
        Assert.True(t.max().item<long>() < 1000);

        // Uniform, the default (and what configs written before the option mean), covers every step evenly.
        var uniform = new DiffusionObjective(new DiffusionModelConfig { Unet = Tiny.UNet() });
        using var u = uniform.DrawTimesteps(20_000, generator);
        Assert.InRange(u.to_type(torch.ScalarType.Float64).mean().item<double>(), 480, 520);
        Assert.Equal(TimestepSampling.Uniform, ConfigJson.Deserialize<DiffusionModelConfig>("{}").Timesteps);
    }

    [Fact]
    public void CheckpointRoundTripsThroughThePipeline()
    {
        using var temp = new TempFolder();
        var folder = Path.Combine(temp.Path, "run");
        TrainTinyModel(folder);
        using var pipeline = DiffusionPipeline.Load(ModelStore.Resolve(folder), torch.CPU);
        using var a = pipeline.Generate(3, new DdimSampler(), new SamplerOptions { Steps = 3 }, 2.0, [0, 1, 0], seed: 5);
        using var b = pipeline.Generate(3, new DdimSampler(), new SamplerOptions { Steps = 3 }, 2.0, [0, 1, 0], seed: 5);
        Assert.Equal(new long[] { 3, 1, 8, 8 }, a.shape);
        Assert.True(TensorAssert.Same(a, b));
        // Image i uses seed + i: image 1 of seed 5 is image 0 of seed 6 (deterministic DDIM, same label).
        using var c = pipeline.Generate(1, new DdimSampler(), new SamplerOptions { Steps = 3 }, 2.0, [1], seed: 6);
        Assert.True(a[1].allclose(c[0], atol: 1e-4), $"max difference {(a[1] - c[0]).abs().max().item<float>()}");
        Assert.Throws<Pigment.Core.PigmentException>(() => pipeline.ParseClass("middle"));
        Assert.Equal(1, pipeline.ParseClass("right"));
    }

    /// <summary>Trains the tiny model for a few steps into a run folder that the pipelines can load.</summary>
    internal static void TrainTinyModel(string folder)
    {
        NewTrainer(folder).Run(resume: false, CancellationToken.None);
        ConfigJson.Save(Path.Combine(folder, "config.json"), Config);
    }

    [Fact]
    public void LearningRateWarmsUpThenDecays()
    {
        var o = new TrainerOptions { Steps = 1000, WarmupSteps = 100, LearningRate = 1e-3, MinLearningRateFraction = 0.1 };
        Assert.Equal(1e-5, LearningRateSchedule.At(0, o), 12);
        Assert.Equal(1e-3, LearningRateSchedule.At(100, o), 12);
        Assert.Equal(0.55e-3, LearningRateSchedule.At(550, o), 9);
        Assert.Equal(1e-4, LearningRateSchedule.At(1000, o), 12);
    }
}
