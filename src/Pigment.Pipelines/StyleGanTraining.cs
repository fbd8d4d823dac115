using Pigment.Core;
using Pigment.Core.Data;
using Pigment.Core.Imaging;
using Pigment.Models.StyleGan;
using Pigment.Training;

namespace Pigment.Pipelines;

/// <summary>The settings of `pigment train stylegan` that shape the network and the game.</summary>
public sealed record StyleGanTrainingRequest(string Dataset, IReadOnlyList<int> Widths, int LatentDim, int MappingLayers, double StyleMixing, double R1Gamma, bool Flip);

/// <summary>Glue for training a StyleGAN through the shared trainer.</summary>
public static class StyleGanTraining
{
    /// <summary>How StyleGAN2 trains: Adam β₁ = 0, β₂ = 0.99 at a constant learning rate, no clipping, EMA of G.</summary>
    public static TrainerOptions Recipe() => ProGanTraining.Recipe();

    public static Trainer Create(StyleGanTrainingRequest request, TrainerOptions options, RunFolder run, bool resume)
    {
        var dataset = DatasetCatalog.Open(request.Dataset, DatasetSplit.Train, seed: options.Seed);
        var config = run.StartOrResume(resume, () =>
        {
            ProGanTraining.CheckWidths(request.Widths, dataset);
            return new StyleGanConfig
            {
                ImageSize = dataset.Width,
                Channels = dataset.Channels,
                LatentDim = request.LatentDim,
                MappingLayers = request.MappingLayers,
                Widths = request.Widths,
                StyleMixing = request.StyleMixing,
                R1Gamma = request.R1Gamma,
                Dataset = request.Dataset,
            };
        });
        return new Trainer(new StyleGanObjective(config), dataset, options, run,
            augmentation: request.Flip ? new AugmentationOptions { HorizontalFlip = true } : null,
            preview: (weights, seed) =>
            {
                var pipeline = new GanPipeline((StyleGanGenerator)weights);   // not disposed: it wraps the trainer's weights
                using var images = pipeline.Sample(64, seed);
                return ImageGrid.Make(images, columns: 8);
            });
    }
}
