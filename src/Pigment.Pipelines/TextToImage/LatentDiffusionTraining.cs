using Pigment.Core;
using Pigment.Core.Checkpoints;
using Pigment.Core.Data;
using Pigment.Core.Diffusion;
using Pigment.Core.Imaging;
using Pigment.Models.Autoencoders;
using Pigment.Models.Diffusion;
using Pigment.Models.LatentDiffusion;
using Pigment.Models.TextEncoders;
using Pigment.Samplers;
using Pigment.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Pipelines.TextToImage;

/// <summary>The settings of `pigment train ldm` that shape the denoiser.</summary>
/// <param name="Autoencoder">a folder with the trained autoencoder's config.json and model.safetensors</param>
/// <param name="TextEncoder">a folder with the trained CLIP's config.json and model.safetensors</param>
/// <param name="ChannelMultipliers">channels of each level as multiples of BaseChannels (default 1, 2, 4)</param>
/// <param name="WordEmbeddings">cross-attention reads each token's embedding beside its state (<see cref="LatentDiffusionConfig.WordEmbeddings"/>)</param>
/// <param name="InitFrom">a trained UNet's folder to start from: its shape, prediction and latent scale are kept (the
/// shape options are not used) and, with <paramref name="WordEmbeddings"/> new, its cross-attention starts deaf to the words</param>
/// <param name="MinSnrGamma">Min-SNR-γ loss weighting (<see cref="LatentDiffusionConfig.MinSnrGamma"/>); null: plain MSE</param>
public sealed record LatentDiffusionTrainingRequest(string Dataset, string Autoencoder, string TextEncoder, int BaseChannels = 32,
    PredictionType Prediction = PredictionType.Velocity, IReadOnlyList<int>? ChannelMultipliers = null, int ResBlocksPerLevel = 1,
    bool WordEmbeddings = false, string? InitFrom = null, double? MinSnrGamma = null);

/// <summary>Glue for training the text-conditioned latent denoiser with the autoencoder and text encoder frozen.</summary>
public static class LatentDiffusionTraining
{
    /// <summary>The prompts of the training preview grid (one column each, two seeds).</summary>
    public static readonly string[] PreviewPrompts =
    [
        "a red circle above a blue square", "a yellow star on a black background", "two green triangles", "three circles",
        "a large pink hexagon left of a small cyan cross", "a blue diamond and an orange square", "a purple star", "a white background",
    ];

    public static TrainerOptions Recipe(int steps) => new()
    {
        WarmupSteps = Math.Min(500, steps / 10),
        SampleEvery = 1000,
        CheckpointEvery = 250,
        EmaDecay = 0.999,
    };

    public static Trainer Create(LatentDiffusionTrainingRequest request, TrainerOptions options, RunFolder run, bool resume)
    {
        var dataset = DatasetCatalog.Open(request.Dataset, DatasetSplit.Train, seed: options.Seed);
        var autoencoder = LoadPart<AutoencoderConfig, AutoencoderKL>(request.Autoencoder, c => new AutoencoderKL(c));
        var clip = LoadPart<TextEncoderConfig, ClipModel>(request.TextEncoder, c => new ClipModel(c));
        if (autoencoder.Config.ImageSize != dataset.Width)
            throw new PigmentException($"The autoencoder takes {autoencoder.Config.ImageSize}px images; {dataset.Name} has {dataset.Width}px.");
        var config = run.StartOrResume(resume, () =>
        {
            if (request.InitFrom is not null)
                return WarmStartConfig(request, autoencoder, clip);    // keeps the source's latent scale (measured on this autoencoder)
            // s = 1 / std of the latents of 1,024 training scenes.
            using var images = ImageTensor.ToBatch(Enumerable.Range(0, 1024).Select(i => dataset.Get(i).Image).ToList(), PixelRange.MinusOneToOne);
            using var generator = Seeds.Generator(options.Seed);
            double scale = LatentDiffusionObjective.MeasureLatentScale(autoencoder, images, generator);
            return new LatentDiffusionConfig
            {
                Unet = new CrossAttentionUNetConfig
                {
                    LatentSize = autoencoder.Config.LatentSize,
                    LatentChannels = autoencoder.Config.LatentChannels,
                    BaseChannels = request.BaseChannels,
                    ChannelMultipliers = request.ChannelMultipliers ?? [1, 2, 4],
                    TransformerLevels = Enumerable.Range(0, (request.ChannelMultipliers ?? [1, 2, 4]).Count).ToArray(),
                    ResBlocksPerLevel = request.ResBlocksPerLevel,
                    ContextDim = LatentDiffusionConfig.ContextDim(clip.Config.Width, request.WordEmbeddings),
                    PooledDim = clip.Config.EmbedDim,
                },
                Prediction = request.Prediction,
                LatentScale = scale,
                WordEmbeddings = request.WordEmbeddings,
                MinSnrGamma = request.MinSnrGamma,
                Dataset = request.Dataset,
            };
        });
        var objective = new LatentDiffusionObjective(config, autoencoder, clip);
        if (request.InitFrom is not null && !resume)
            StateDict.LoadWidened(objective.Unet, Path.Combine(request.InitFrom, "model.safetensors"));
        return new Trainer(objective, dataset, options, run, preview: (weights, seed) => Preview(config, autoencoder, clip, (CrossAttentionUNet)weights, seed));
    }

    /// <summary>The config of a run that starts from a trained UNet: its own, with the context this run asks for.</summary>
    private static LatentDiffusionConfig WarmStartConfig(LatentDiffusionTrainingRequest request, AutoencoderKL autoencoder, ClipModel clip)
    {
        var configFile = Path.Combine(request.InitFrom!, "config.json");
        if (!File.Exists(configFile) || !File.Exists(Path.Combine(request.InitFrom!, "model.safetensors")))
            throw new PigmentException($"--init-from '{request.InitFrom}' holds no trained UNet: config.json and model.safetensors are needed " +
                "(a multi-part model keeps its UNet in its unet folder, e.g. models/sd-shapes/unet).");
        var source = ConfigJson.Load<LatentDiffusionConfig>(configFile);
        if (source.Family != LatentDiffusionObjective.FamilyName)
            throw new PigmentException($"--init-from '{request.InitFrom}' holds a {source.Family} model, not a text-conditioned UNet ({LatentDiffusionObjective.FamilyName}).");
        if (source.WordEmbeddings && !request.WordEmbeddings)
            throw new PigmentException($"--init-from '{request.InitFrom}' reads word embeddings; keep --word-embeddings to start from it.");
        int expected = LatentDiffusionConfig.ContextDim(clip.Config.Width, source.WordEmbeddings);
        if (source.Unet.ContextDim != expected)
            throw new PigmentException($"--init-from '{request.InitFrom}' was trained with another text encoder (it reads {source.Unet.ContextDim} features, this one gives {expected}).");
        if (source.Unet.LatentChannels != autoencoder.Config.LatentChannels || source.Unet.LatentSize != autoencoder.Config.LatentSize)
            throw new PigmentException($"--init-from '{request.InitFrom}' denoises {source.Unet.LatentSize}×{source.Unet.LatentSize}×{source.Unet.LatentChannels} latents; " +
                $"this autoencoder makes {autoencoder.Config.LatentSize}×{autoencoder.Config.LatentSize}×{autoencoder.Config.LatentChannels}.");
        return source with
        {
            Unet = source.Unet with { ContextDim = LatentDiffusionConfig.ContextDim(clip.Config.Width, request.WordEmbeddings) },
            WordEmbeddings = request.WordEmbeddings,
            MinSnrGamma = request.MinSnrGamma,
            Dataset = request.Dataset,
        };
    }

    /// <summary>Loads a trained part from its folder (config.json + model.safetensors).</summary>
    public static TModule LoadPart<TConfig, TModule>(string folder, Func<TConfig, TModule> create) where TModule : nn.Module
    {
        var configFile = Path.Combine(folder, "config.json");
        var weightsFile = Path.Combine(folder, "model.safetensors");
        if (!File.Exists(configFile) || !File.Exists(weightsFile))
            throw new PigmentException($"'{folder}' holds no trained part: config.json and model.safetensors are needed.");
        var module = create(ConfigJson.Load<TConfig>(configFile));
        StateDict.Load(module, weightsFile);
        return module;
    }

    private static Tensor Preview(LatentDiffusionConfig config, AutoencoderKL autoencoder, ClipModel clip, CrossAttentionUNet unet, long seed)
    {
        // Not disposed: the pipeline wraps the trainer's modules.
        var pipeline = new TextToImagePipeline(config, autoencoder, clip, unet, CPU);
        var prompts = PreviewPrompts.Concat(PreviewPrompts).ToArray();
        using var images = pipeline.Draw(new TextDraw(prompts, prompts.Length, seed, new DpmSolverPlusPlus2MSampler(), new SamplerOptions { Steps = 20 }, 4.0));
        unet.train();
        return ImageGrid.Make(images, columns: PreviewPrompts.Length);
    }
}
