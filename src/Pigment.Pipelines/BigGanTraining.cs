using Pigment.Core;
using Pigment.Core.Data;
using Pigment.Core.Imaging;
using Pigment.Models.BigGan;
using Pigment.Training;

namespace Pigment.Pipelines;

/// <summary>The settings of `pigment train biggan` that shape the network and the game.</summary>
public sealed record BigGanTrainingRequest(string Dataset, IReadOnlyList<int> Widths, int LatentDim, int ClassEmbedDim, int AttentionResolution, double Orthogonal, bool Flip);

/// <summary>Glue for training a BigGAN through the shared trainer.</summary>
public static class BigGanTraining
{
    /// <summary>
    /// How BigGAN trains (Brock et al. 2019, App. C): Adam with β₁ = 0, β₂ = 0.999 at a constant learning rate, no
    /// clipping; two D steps per G step, D's rate four times G's (10⁻⁴ and 4·10⁻⁴ at 128×128); EMA 0.9999 of G in
    /// the paper (0.999 here, for a run of thousands rather than hundreds of thousands of steps).
    /// </summary>
    public static TrainerOptions Recipe() => ProGanTraining.Recipe() with { Beta2 = 0.999, CriticSteps = 2, CriticLearningRateScale = 4 };

    public static Trainer Create(BigGanTrainingRequest request, TrainerOptions options, RunFolder run, bool resume)
    {
        var dataset = DatasetCatalog.Open(request.Dataset, DatasetSplit.Train, seed: options.Seed);
        var config = run.StartOrResume(resume, () =>
        {
            if (dataset.ClassNames.Count == 0)
                throw new PigmentException($"BigGAN is class-conditional; {dataset.Name} has no classes.");
            ProGanTraining.CheckWidths(request.Widths, dataset);
            return new BigGanConfig
            {
                ImageSize = dataset.Width,
                Channels = dataset.Channels,
                LatentDim = request.LatentDim,
                ClassEmbedDim = request.ClassEmbedDim,
                Widths = request.Widths,
                AttentionResolution = request.AttentionResolution,
                Orthogonal = request.Orthogonal,
                Dataset = request.Dataset,
                ClassNames = dataset.ClassNames,
            };
        });
        return new Trainer(new BigGanObjective(config), dataset, options, run,
            augmentation: request.Flip ? new AugmentationOptions { HorizontalFlip = true } : null,
            preview: (weights, seed) =>
            {
                var pipeline = new GanPipeline((BigGanGenerator)weights);     // not disposed: it wraps the trainer's weights
                using var images = pipeline.Sample(6 * config.NumClasses, seed);    // a column per class
                return ImageGrid.Make(images, columns: config.NumClasses);
            });
    }
}
