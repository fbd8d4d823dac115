using Pigment.Models.Gan;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Models.StackGan;

/// <summary>
/// A matching-aware discriminator (Reed et al. 2016, as StackGAN uses it): stride-2 convolutions bring the image
/// down to 4×4 (w, 2w, 4w … channels, LeakyReLU 0.2); the text embedding, compressed by a linear layer, is replicated
/// over the 4×4 grid and joined by a 1×1 convolution; a 4×4 convolution gives one logit for "a real image that
/// matches this text". Spectral normalisation on every convolution stands in for the paper's BatchNorm in D.
/// </summary>
public sealed class MatchingDiscriminator : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly ModuleList<SnConv2d> down;
    private readonly SnLinear compress;
    private readonly SnConv2d joint;
    private readonly SnConv2d output;

    public MatchingDiscriminator(int imageSize, int channels, int width, int textDim, int compressedTextDim = 64) : base(nameof(MatchingDiscriminator))
    {
        down = new ModuleList<SnConv2d>();
        int c = width, inChannels = channels;
        for (int size = imageSize; size > 4; size /= 2)
        {
            down.Add(new SnConv2d(inChannels, c, 4, 2, 1, true));
            inChannels = c;
            c *= 2;
        }
        compress = new SnLinear(textDim, compressedTextDim);
        joint = new SnConv2d(inChannels + compressedTextDim, inChannels, 1, 1, 0, true);
        output = new SnConv2d(inChannels, 1, 4, 1, 0, true);
        RegisterComponents();
    }

    /// <param name="images">(B, C, S, S) in [−1, 1]</param>
    /// <param name="text">φ_t, (B, TextDim)</param>
    /// <returns>logits (B)</returns>
    public override Tensor forward(Tensor images, Tensor text)
    {
        using var scope = torch.NewDisposeScope();
        var h = images;
        foreach (var conv in down)
            h = nn.functional.leaky_relu(conv.call(h), 0.2);
        var t = nn.functional.leaky_relu(compress.call(text), 0.2).unsqueeze(-1).unsqueeze(-1).expand(-1, -1, 4, 4);
        h = nn.functional.leaky_relu(joint.call(torch.cat([h, t], 1)), 0.2);
        return output.call(h).flatten().MoveToOuterDisposeScope();
    }
}
