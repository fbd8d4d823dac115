using Pigment.Core;
using Pigment.Core.Data;
using Pigment.Core.Imaging;
using Pigment.Models.PixelCnn;
using Pigment.Training;

namespace Pigment.Pipelines;

/// <summary>What <c>pigment train pixelcnn</c> asks for.</summary>
public sealed record PixelCnnTrainingRequest(string Dataset, bool Conditional, PixelCnnOutput Output, int Channels, int Layers);

/// <summary>Glue for training a Gated PixelCNN through the shared trainer.</summary>
public static class PixelCnnTraining
{
    /// <summary>How the PixelCNN trains: gradient clipping at 100, warm-up (≤ 200 steps), decay to 5%.</summary>
    public static TrainerOptions Recipe(int steps) => new()
    {
        GradClip = 100,
        WarmupSteps = Math.Min(200, steps / 10),
        MinLearningRateFraction = 0.05,
    };

    public static Trainer Create(PixelCnnTrainingRequest request, TrainerOptions options, RunFolder run, bool resume)
    {
        var dataset = DatasetCatalog.Open(request.Dataset, DatasetSplit.Train, seed: options.Seed);
        var config = run.StartOrResume(resume, () =>
        {
            if (request.Conditional && dataset.ClassNames.Count == 0)
                throw new PigmentException($"Dataset '{request.Dataset}' has no class labels to condition on.");
            if (dataset.Width != dataset.Height)
                throw new PigmentException($"The PixelCNN wants square images, not {dataset.Width}×{dataset.Height}.");
            var made = new PixelCnnConfig
            {
                ImageSize = dataset.Width,
                InChannels = dataset.Channels,
                Channels = request.Channels,
                Layers = request.Layers,
                Output = request.Output,
                NumClasses = request.Conditional ? dataset.ClassNames.Count : 0,
                ClassNames = request.Conditional ? dataset.ClassNames : [],
                Dataset = request.Dataset,
            };
            GatedPixelCnn.Validate(made);
            return made;
        });
        return new Trainer(new PixelCnnObjective(config), dataset, options, run, preview: (weights, seed) =>
        {
            var pipeline = new PixelCnnPipeline((GatedPixelCnn)weights);   // not disposed: it wraps the trainer's weights
            using var images = pipeline.Sample(config.NumClasses > 0 ? 2 * config.NumClasses : 16, seed);
            return ImageGrid.Make(images, columns: config.NumClasses > 0 ? config.NumClasses : 8);
        });
    }
}
