using Pigment.Core;
using Pigment.Core.Data;
using Pigment.Core.Imaging;
using Pigment.Models.ProGan;
using Pigment.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Pipelines;

/// <summary>The settings of `pigment train progan` that shape the network and its growth.</summary>
public sealed record ProGanTrainingRequest(string Dataset, IReadOnlyList<int> Widths, int LatentDim, int PhaseSteps, double R1Gamma, bool Flip, bool Grow = true);

/// <summary>Glue for training a Progressive GAN through the shared trainer.</summary>
public static class ProGanTraining
{
    /// <summary>
    /// How Progressive GAN trains (Karras et al. 2018, §A.1): Adam with β₁ = 0, β₂ = 0.99 at a constant learning rate
    /// (no warm-up or decay: the growth is the schedule), no gradient clipping, EMA 0.999 of the generator.
    /// </summary>
    public static TrainerOptions Recipe() => new()
    {
        Beta1 = 0,
        Beta2 = 0.99,
        WarmupSteps = 0,
        MinLearningRateFraction = 1,
        GradClip = 0,
        EmaDecay = 0.999,
        SampleEvery = 500,
        CheckpointEvery = 250,
    };

    public static Trainer Create(ProGanTrainingRequest request, TrainerOptions options, RunFolder run, bool resume)
    {
        var dataset = DatasetCatalog.Open(request.Dataset, DatasetSplit.Train, seed: options.Seed);
        var config = run.StartOrResume(resume, () =>
        {
            CheckWidths(request.Widths, dataset);
            return new ProGanConfig
            {
                ImageSize = dataset.Width,
                Channels = dataset.Channels,
                LatentDim = request.LatentDim,
                Widths = request.Widths,
                PhaseSteps = request.PhaseSteps,
                Grow = request.Grow,
                R1Gamma = request.R1Gamma,
                Dataset = request.Dataset,
            };
        });
        var objective = new ProGanObjective(config);
        return new Trainer(objective, dataset, options, run,
            augmentation: request.Flip ? new AugmentationOptions { HorizontalFlip = true } : null,
            preview: (weights, seed) =>
            {
                // The preview shows the network where it is in its growth, scaled up to the full size.
                var generator = (ProGanGenerator)weights;
                var point = generator.Point;
                generator.Point = objective.Point;
                try
                {
                    using var images = Sample(generator, 64, seed);
                    return ImageGrid.Make(images, columns: 8);
                }
                finally
                {
                    generator.Point = point;
                }
            });
    }

    /// <summary>The GANs that grow from 4×4 take one width per resolution: the dataset must be square and 4·2^(n−1) pixels.</summary>
    public static void CheckWidths(IReadOnlyList<int> widths, IImageDataset dataset)
    {
        int size = 4 << (widths.Count - 1);
        if (dataset.Width != dataset.Height || size != dataset.Width)
            throw new PigmentException($"{widths.Count} widths make {size}×{size} images; {dataset.Name} is {dataset.Width}×{dataset.Height}: give one width per resolution from 4×4 up.");
    }

    /// <summary>(N, C, S, S) in [0, 1] at the full size S (a lower growth point is upsampled), image i from seed + i.</summary>
    public static Tensor Sample(ProGanGenerator generator, int count, long seed)
    {
        bool training = generator.training;
        generator.eval();
        try
        {
            using var inference = torch.inference_mode();
            using var scope = torch.NewDisposeScope();
            using var z = Seeds.PerItemNormal(count, [generator.Config.LatentDim], seed);
            var images = generator.call(z);
            long factor = generator.Config.ImageSize / images.shape[2];
            if (factor > 1)
                images = nn.functional.interpolate(images, scale_factor: [factor, factor], mode: InterpolationMode.Nearest);
            return images.Add(1).Div(2).Clamp(0, 1).MoveToOuterDisposeScope();
        }
        finally
        {
            generator.train(training);
        }
    }
}
