using Pigment.Core;
using Pigment.Core.Checkpoints;
using Pigment.Core.Data;
using Pigment.Core.Imaging;
using Pigment.Models.Vae;
using Pigment.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Pipelines;

/// <summary>Glue for training a VAE through the shared trainer.</summary>
public static class VaeTraining
{
    /// <summary>How the VAE trains: warm-up (≤ 200 steps), cosine decay to 5%, a sample grid every 1,000 steps.</summary>
    public static TrainerOptions Recipe(int steps) => new()
    {
        WarmupSteps = Math.Min(200, steps / 10),
        MinLearningRateFraction = 0.05,
        SampleEvery = 1000,
        CheckpointEvery = 500,
    };

    public static Trainer Create(string datasetName, VaeLikelihood likelihood, int latentDim, int width, TrainerOptions options, RunFolder run, bool resume)
    {
        var dataset = DatasetCatalog.Open(datasetName, DatasetSplit.Train, seed: options.Seed);
        var config = run.StartOrResume(resume, () =>
        {
            return new VaeConfig
            {
                ImageSize = dataset.Width,
                InChannels = dataset.Channels,
                LatentDim = latentDim,
                Width = width,
                Likelihood = likelihood,
                Dataset = datasetName,
            };
        });
        return new Trainer(new VaeObjective(config), dataset, options, run, preview: (weights, seed) =>
        {
            var pipeline = new VaePipeline((ConvVae)weights);   // not disposed: it wraps the trainer's weights
            using var images = pipeline.Sample(32, seed);
            return ImageGrid.Make(images, columns: 8);
        });
    }
}
