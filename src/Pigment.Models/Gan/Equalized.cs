using Pigment.Core;
using Pigment.Core.NativeMath;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Models.Gan;

/// <summary>
/// A convolution with an equalized learning rate (Karras et al. 2018, §4.1): the weight is stored as N(0, 1) and scaled
/// at run time by He's constant c = gain / √(fan-in), so Adam's per-parameter step sizes act on every layer alike.
/// </summary>
public sealed class EqualizedConv2d : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly double _scale;
    private readonly long _padding;

    public EqualizedConv2d(int inChannels, int outChannels, int kernel, int padding = 0, double gain = 1.4142135623730951)
        : base(nameof(EqualizedConv2d))
    {
        weight = new Parameter(torch.randn(outChannels, inChannels, kernel, kernel));
        bias = new Parameter(torch.zeros(outChannels));
        _scale = gain / Math.Sqrt(inChannels * kernel * kernel);
        _padding = padding;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scaled = weight.Mul(_scale);
        return Convolutions.Conv2d(x, scaled, bias, 1, _padding);
    }
}

/// <summary>A linear layer with an equalized learning rate (see <see cref="EqualizedConv2d"/>).</summary>
public sealed class EqualizedLinear : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly double _scale;

    /// <param name="learningRateMultiplier">scales this layer's effective learning rate (StyleGAN's mapping network uses
    /// 0.01): the weight is stored as N(0, 1/m²) and multiplied by m·c, the bias by m</param>
    /// <param name="biasInit">the bias's initial value (1 for StyleGAN's style affines, so styles start at 1)</param>
    public EqualizedLinear(int inFeatures, int outFeatures, double gain = 1.4142135623730951, double learningRateMultiplier = 1, double biasInit = 0)
        : base(nameof(EqualizedLinear))
    {
        using var unit = torch.randn(outFeatures, inFeatures);
        weight = new Parameter(unit.Div(learningRateMultiplier));
        using var zeros = torch.zeros(outFeatures);
        using var initial = zeros.Add(biasInit / learningRateMultiplier);
        bias = new Parameter(initial.clone());
        _scale = learningRateMultiplier * gain / Math.Sqrt(inFeatures);
        _biasScale = learningRateMultiplier;
        RegisterComponents();
    }

    private readonly double _biasScale;

    public override Tensor forward(Tensor x)
    {
        using var scaled = weight.Mul(_scale);
        using var shift = bias.Mul(_biasScale);
        return nn.functional.linear(x, scaled, shift);
    }
}

/// <summary>The normalisations and statistics of Progressive GAN, shared by the GANs after it.</summary>
public static class GanOps
{
    /// <summary>Pixel-wise feature normalisation (Karras et al. 2018, §4.2): each pixel's feature vector scaled to unit RMS.</summary>
    public static Tensor PixelNorm(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var rms = x.square().mean([1], keepdim: true).Add(1e-8).rsqrt();
        return x.mul(rms).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The minibatch standard-deviation feature (Karras et al. 2018, §3): within groups of up to 4 images, the standard
    /// deviation of every feature at every pixel, averaged to one number per group and appended as one more channel.
    /// A discriminator that sees it can tell a batch without variety from a real one.
    /// </summary>
    public static Tensor MinibatchStdDev(Tensor x, int groupSize = 4)
    {
        using var scope = torch.NewDisposeScope();
        long b = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
        long g = Math.Min(groupSize, b);
        while (b % g != 0)
            g--;
        var grouped = x.reshape(g, b / g, c, h, w);                                  // (G, B/G, C, H, W): groups across the batch
        var std = grouped.var(0, unbiased: false).Add(1e-8).sqrt();                  // (B/G, C, H, W)
        var stat = std.mean([1, 2, 3], keepdim: true);                               // (B/G, 1, 1, 1)
        var channel = stat.repeat(g, 1, h, w);                                       // (B, 1, H, W)
        return torch.cat([x, channel], 1).MoveToOuterDisposeScope();
    }

    /// <summary>(1 − α)·a + α·b: a new resolution faded in over the old one.</summary>
    public static Tensor Lerp(Tensor a, Tensor b, double alpha)
    {
        using var difference = b.sub(a);
        using var step = difference.Mul(alpha);
        return a.Plus(step);
    }
}
