using Pigment.Core.Checkpoints;
using Pigment.Core.Data.Shapes;
using Pigment.Models.Autoencoders;
using Pigment.Models.LatentDiffusion;
using Pigment.Models.TextEncoders;
using Pigment.Pipelines;
using Pigment.Pipelines.TextToImage;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Tests.TextToImage;

/// <summary>A seeded, untrained text-to-image model small enough for tests: 32×32 images, 8×8×4 latents.</summary>
public static class TinyTextToImage
{
    public static readonly AutoencoderConfig Autoencoder = new() { ImageSize = 32, BaseChannels = 8, ChannelMultipliers = [1, 2, 2], NormGroups = 4 };

    public static readonly TextEncoderConfig TextEncoder = new() { Vocabulary = ShapeVocabulary.Words, MaxTokens = 12, Width = 16, Layers = 1, Heads = 2, EmbedDim = 16, ImageSize = 32, ImageChannels = 8 };

    public static LatentDiffusionConfig Diffusion(double scale = 1.3) => new()
    {
        Unet = new CrossAttentionUNetConfig { LatentSize = 8, BaseChannels = 16, ChannelMultipliers = [1, 2], TransformerLevels = [0, 1], HeadChannels = 8, ContextDim = 16, PooledDim = 16, NormGroups = 4 },
        LatentScale = scale,
    };

    public static TextToImagePipeline Create(long seed = 1)
    {
        torch.manual_seed(seed);
        var unet = new CrossAttentionUNet(Diffusion().Unet);
        // The UNet's output layer starts at zero; give it weights so that the prompt matters.
        using (torch.no_grad())
            foreach (var p in unet.parameters())
                if (p.abs().sum().item<float>() == 0 && p.dim() > 1)
                    p.normal_(0, 0.05);
        return new TextToImagePipeline(Diffusion(), new AutoencoderKL(Autoencoder), new ClipModel(TextEncoder), unet, CPU);
    }

    /// <summary>Writes the tiny model as a multi-part model folder.</summary>
    public static void Save(TextToImagePipeline pipeline, string folder)
    {
        string Part(string name, nn.Module module, Action<string> saveConfig)
        {
            var source = Path.Combine(folder, "source-" + name);
            Directory.CreateDirectory(source);
            saveConfig(Path.Combine(source, "config.json"));
            StateDict.Save(module, Path.Combine(source, "model.safetensors"));
            return source;
        }
        var parts = new List<(string, string, string)>
        {
            ("autoencoder", "autoencoder", Part("autoencoder", pipeline.Autoencoder, p => ConfigJson.Save(p, pipeline.Autoencoder.Config))),
            ("text_encoder", "clip", Part("text_encoder", pipeline.TextEncoder, p => ConfigJson.Save(p, pipeline.TextEncoder.Config))),
            ("unet", "ldm", Part("unet", pipeline.Unet, p => ConfigJson.Save(p, pipeline.Config))),
        };
        ModelStore.WriteParts(folder, TextToImagePipeline.FamilyName, parts);
    }
}
