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
    public static Trainer Create(string datasetName, VaeLikelihood likelihood, int latentDim, TrainerOptions options, RunFolder run, bool resume)
    {
        var dataset = DatasetCatalog.Open(datasetName, DatasetSplit.Train, seed: options.Seed);
        VaeConfig config;
        if (resume)
        {
            config = ConfigJson.Load<VaeConfig>(run.ConfigFile);
        }
        else
        {
            if (run.HasCheckpoint)
                throw new PigmentException($"'{run.Path}' already holds a run: add --resume to continue it, or choose another --out.");
            config = new VaeConfig
            {
                ImageSize = dataset.Width,
                InChannels = dataset.Channels,
                LatentDim = latentDim,
                Likelihood = likelihood,
                Dataset = datasetName,
            };
            Directory.CreateDirectory(run.Path);
            ConfigJson.Save(run.ConfigFile, config);
        }
        return new Trainer(new VaeObjective(config), dataset, options, run, preview: (weights, seed) =>
        {
            var pipeline = new VaePipeline((ConvVae)weights);   // not disposed: it wraps the trainer's weights
            using var images = pipeline.Sample(32, seed);
            return ImageGrid.Make(images, columns: 8);
        });
    }
}
