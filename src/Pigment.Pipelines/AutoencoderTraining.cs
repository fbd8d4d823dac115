using Pigment.Core;
using Pigment.Core.Checkpoints;
using Pigment.Core.Data;
using Pigment.Core.Imaging;
using Pigment.Models.Autoencoders;
using Pigment.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Pipelines;

/// <summary>Glue for training the latent autoencoder through the shared trainer.</summary>
public static class AutoencoderTraining
{
    /// <summary>How the autoencoder trains: AdamW at 1e-3 (the CLI's default), short warm-up, a preview every 500 steps.</summary>
    public static TrainerOptions Recipe(int steps) => new()
    {
        WarmupSteps = Math.Min(200, steps / 10),
        MinLearningRateFraction = 0.05,
        SampleEvery = 500,
        CheckpointEvery = 250,
        EmaDecay = 0.999,
    };

    public static Trainer Create(string datasetName, int baseChannels, int levels, int latentChannels, TrainerOptions options, RunFolder run, bool resume)
    {
        var dataset = DatasetCatalog.Open(datasetName, DatasetSplit.Train, seed: options.Seed);
        var config = run.StartOrResume(resume, () => new AutoencoderConfig
        {
            ImageSize = dataset.Width,
            InChannels = dataset.Channels,
            BaseChannels = baseChannels,
            LatentChannels = latentChannels,
            ChannelMultipliers = levels switch
            {
                3 => [1, 2, 2],
                4 => [1, 2, 2, 4],
                _ => throw new PigmentException($"--levels must be 3 (latents a quarter of the image's side) or 4 (an eighth), not {levels}."),
            },
            Dataset = datasetName,
        });
        var test = DatasetCatalog.Open(datasetName, DatasetSplit.Test);
        return new Trainer(new AutoencoderObjective(config), dataset, options, run, preview: (weights, _) => Preview((AutoencoderKL)weights, test));
    }

    /// <summary>Two rows of held-out scenes over their reconstructions.</summary>
    private static Tensor Preview(AutoencoderKL autoencoder, IImageDataset test)
    {
        using var scope = torch.NewDisposeScope();
        using var inference = torch.inference_mode();
        var images = ImageTensor.ToBatch(Enumerable.Range(0, 8).Select(i => test.Get(i).Image).ToList());   // [0, 1]
        var reconstruction = autoencoder.call(images.Mul(2).Sub(1)).Add(1).Div(2).Clamp(0.0, 1.0);
        return ImageGrid.Make(torch.cat([images, reconstruction]), columns: 8).MoveToOuterDisposeScope();
    }
}
