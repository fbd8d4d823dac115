using Pigment.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Conv2d = Pigment.Models.Layers.Conv2d;

namespace Pigment.Models.TextEncoders;

/// <summary>
/// CLIP's image tower, a small CNN: a 4×4 stride-2 stem, then three stages of a 3×3 convolution and a stride-2
/// convolution (GroupNorm, SiLU), doubling the channels, down to a 4×4 map that is flattened (so where things are
/// survives) and mapped by an MLP to features (B, 256) and then to the joint space (B, E).
/// </summary>
public sealed class ImageEncoder : nn.Module<Tensor, Tensor>
{
    public const int FeatureDim = 256;

    private readonly Sequential trunk;
    private readonly Linear features;
    private readonly Linear image_projection;

    public ImageEncoder(TextEncoderConfig config) : base(nameof(ImageEncoder))
    {
        int c = config.ImageChannels;
        var layers = new List<(string, nn.Module<Tensor, Tensor>)> { ("stem", new Conv2d(3, c, 4, stride: 2, padding: 1)) };
        int size = config.ImageSize / 2;
        for (int stage = 0; size > 4; stage++, size /= 2)
        {
            layers.Add(($"norm{stage}a", Norms.GroupNorm(Norms.Groups(c, 8), c)));
            layers.Add(($"act{stage}a", nn.SiLU()));
            layers.Add(($"conv{stage}", new Conv2d(c, 2 * c, 3, padding: 1)));
            c *= 2;
            layers.Add(($"norm{stage}b", Norms.GroupNorm(Norms.Groups(c, 8), c)));
            layers.Add(($"act{stage}b", nn.SiLU()));
            layers.Add(($"down{stage}", new Conv2d(c, c, 3, stride: 2, padding: 1)));
        }
        layers.Add(("norm_out", Norms.GroupNorm(Norms.Groups(c, 8), c)));
        layers.Add(("act_out", nn.SiLU()));
        layers.Add(("flatten", nn.Flatten()));
        trunk = nn.Sequential(layers);
        features = nn.Linear(c * 16, FeatureDim);
        image_projection = nn.Linear(FeatureDim, config.EmbedDim, hasBias: false);
        RegisterComponents();
    }

    /// <summary>The image features before the projection, (B, 256): what CLIP-feature FID compares.</summary>
    public Tensor Features(Tensor images)
    {
        using var flat = trunk.call(images);
        return features.call(flat);
    }

    /// <param name="images">(B, 3, H, W) in [−1, 1]</param>
    /// <returns>the images' embeddings (B, E), not normalised</returns>
    public override Tensor forward(Tensor images)
    {
        using var f = Features(images);
        using var activated = nn.functional.silu(f);
        return image_projection.call(activated);
    }
}
