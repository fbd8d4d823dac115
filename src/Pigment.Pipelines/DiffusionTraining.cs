using Pigment.Core;
using Pigment.Core.Checkpoints;
using Pigment.Core.Data;
using Pigment.Core.Diffusion;
using Pigment.Core.Imaging;
using Pigment.Models.Diffusion;
using Pigment.Samplers;
using Pigment.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Pipelines;

/// <summary>The settings of `pigment train ddpm` that shape the model (the trainer's are in <see cref="TrainerOptions"/>).</summary>
public sealed record DiffusionTrainingRequest(
    string Dataset,
    bool Conditional,
    int BaseChannels = 32,
    BetaSchedule Schedule = BetaSchedule.Cosine,
    PredictionType Prediction = PredictionType.Epsilon,
    int? ImageSize = null,
    TimestepSampling Timesteps = TimestepSampling.Uniform,
    double Dropout = 0.1);

/// <summary>Glue for training a diffusion model: config from the dataset, the objective, and a preview grid.</summary>
public static class DiffusionTraining
{
    /// <summary>How diffusion trains (AdamW at the trainer's defaults): warm-up over a tenth of the run, at most 500 steps.</summary>
    public static TrainerOptions Recipe(int steps) => new() { WarmupSteps = Math.Min(500, steps / 10) };

    /// <summary>Builds (or, when resuming, reloads) the model config and returns a ready trainer.</summary>
    public static Trainer Create(DiffusionTrainingRequest request, TrainerOptions options, RunFolder run, bool resume)
    {
        var dataset = DatasetCatalog.Open(request.Dataset, DatasetSplit.Train, request.ImageSize, options.Seed);
        var config = run.StartOrResume(resume, () =>
        {
            if (request.Conditional && dataset.ClassNames.Count == 0)
                throw new PigmentException($"--conditional needs a labelled dataset; {dataset.Name} has no classes.");
            return new DiffusionModelConfig
            {
                Unet = new UNetConfig
                {
                    ImageSize = dataset.Width,
                    InChannels = dataset.Channels,
                    BaseChannels = request.BaseChannels,
                    ChannelMultipliers = dataset.Width % 4 == 0 ? [1, 2, 2] : [1, 2],
                    ResBlocksPerLevel = 1,
                    AttentionLevels = dataset.Width % 4 == 0 ? [2] : [1],
                    NumClasses = request.Conditional ? dataset.ClassNames.Count : 0,
                    Dropout = request.Dropout,
                },
                Timesteps = request.Timesteps,
                Schedule = new NoiseScheduleConfig(request.Schedule),
                Prediction = request.Prediction,
                Dataset = request.Dataset,
                ClassNames = request.Conditional ? dataset.ClassNames : [],
            };
        });
        var objective = new DiffusionObjective(config);
        return new Trainer(objective, dataset, options, run, preview: (weights, seed) => Preview(config, (UNet)weights, seed));
    }

    /// <summary>A 2-row preview: for a conditional model one image per class per row (guidance 2), DPM++ 2M, 20 steps.</summary>
    private static Tensor Preview(DiffusionModelConfig config, UNet weights, long seed)
    {
        int classes = config.Unet.NumClasses;
        int count = classes > 0 ? 2 * classes : 16;
        var pipeline = new DiffusionPipeline(config, weights, CPU);
        var labels = ClassLabels.Cycle(count, classes);
        using var images = pipeline.Generate(count, new DpmSolverPlusPlus2MSampler(), new SamplerOptions { Steps = 20 }, 2.0, labels, seed);
        using var unit = images.Add(1).Div(2);
        return ImageGrid.Make(unit, columns: classes > 0 ? classes : 8);
    }
}
