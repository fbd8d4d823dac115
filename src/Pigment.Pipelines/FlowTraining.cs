using Pigment.Core;
using Pigment.Core.Checkpoints;
using Pigment.Core.Data;
using Pigment.Core.Imaging;
using Pigment.Models.Flow;
using Pigment.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Pipelines;

/// <summary>The settings of `pigment train flow` that shape the model.</summary>
public sealed record FlowTrainingRequest(string Dataset, bool Conditional, int Levels = 3, int StepsPerLevel = 8, int HiddenChannels = 96);

/// <summary>Glue for training a flow through the shared trainer, with actnorm's data-dependent initialisation.</summary>
public static class FlowTraining
{
    /// <summary>How the flow trains: warm-up (≤ 200 steps), cosine decay to 2%, a sample grid every 500 steps.</summary>
    public static TrainerOptions Recipe(int steps) => new()
    {
        WarmupSteps = Math.Min(200, steps / 10),
        MinLearningRateFraction = 0.02,
        SampleEvery = 500,
    };

    public static Trainer Create(FlowTrainingRequest request, TrainerOptions options, RunFolder run, bool resume)
    {
        var dataset = DatasetCatalog.Open(request.Dataset, DatasetSplit.Train, seed: options.Seed);
        var config = run.StartOrResume(resume, () =>
        {
            if (request.Conditional && dataset.ClassNames.Count == 0)
                throw new PigmentException($"--conditional needs a labelled dataset; {dataset.Name} has no classes.");
            return new FlowConfig
            {
                ImageSize = dataset.Width,
                InChannels = dataset.Channels,
                Levels = request.Levels,
                StepsPerLevel = request.StepsPerLevel,
                HiddenChannels = request.HiddenChannels,
                NumClasses = request.Conditional ? dataset.ClassNames.Count : 0,
                Dataset = request.Dataset,
            };
        });
        torch.manual_seed(options.Seed);
        var objective = new FlowObjective(config);
        if (!resume)
        {
            // Data-dependent actnorm initialisation on the run's first batch (Glow §3.1), before the trainer copies
            // the weights into its EMA. A resumed run loads initialised weights (and the `initialized` flags) instead.
            using var loader = new BatchLoader(dataset, options.BatchSize, options.Seed);
            using var batch = loader.Next();
            using var generator = Seeds.Generator(Seeds.Mix(options.Seed, 0, 2));
            FlowObjective.Initialize(objective.Flow, batch.Images, batch.Labels, generator);
        }
        return new Trainer(objective, dataset, options, run, preview: (weights, seed) =>
        {
            var pipeline = new FlowPipeline((Glow)weights);   // not disposed: it wraps the trainer's weights
            using var images = pipeline.Sample(config.NumClasses > 0 ? 4 * config.NumClasses : 32, seed);
            return ImageGrid.Make(images, columns: config.NumClasses > 0 ? config.NumClasses : 8);
        });
    }
}
