using Pigment.Core;
using Pigment.Core.NativeMath;
using Pigment.Models.Gan;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Models.StyleGan;

/// <summary>
/// StyleGAN2's modulated convolution (Karras et al. 2020, §2.2): a style s = A(w) scales each input channel of the
/// weight, w′ᵢⱼₖ = sᵢ·wᵢⱼₖ, and demodulation rescales each output channel to unit expected variance,
/// w″ᵢⱼₖ = w′ᵢⱼₖ / √(Σᵢ,ₖ w′ᵢⱼₖ² + ε). Computed, as the paper notes is equivalent, by scaling the input by s, convolving
/// with the shared weight and scaling the output by the per-sample demodulation factor (no grouped convolution).
/// </summary>
public sealed class ModulatedConv2d : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly EqualizedLinear affine;
    private readonly Parameter weight;
    private readonly double _scale;
    private readonly bool _demodulate;
    private readonly long _padding;

    public ModulatedConv2d(int inChannels, int outChannels, int kernel, int styleDim, bool demodulate = true) : base(nameof(ModulatedConv2d))
    {
        affine = new EqualizedLinear(styleDim, inChannels, gain: 1, biasInit: 1);
        weight = new Parameter(torch.randn(outChannels, inChannels, kernel, kernel));
        _scale = 1 / Math.Sqrt(inChannels * kernel * kernel);
        _demodulate = demodulate;
        _padding = kernel / 2;
        RegisterComponents();
    }

    /// <param name="x">(B, in, H, W)</param>
    /// <param name="w">(B, styleDim)</param>
    public override Tensor forward(Tensor x, Tensor w)
    {
        using var scope = torch.NewDisposeScope();
        var style = affine.call(w);                                                  // (B, in)
        var scaled = weight.Mul(_scale);                                             // (out, in, k, k)
        var y = Convolutions.Conv2d(x.mul(style.unsqueeze(-1).unsqueeze(-1)), scaled, null, 1, _padding);
        if (_demodulate)
        {
            // Σᵢ,ₖ (sᵢ wᵢⱼₖ)² = Σᵢ sᵢ² · (Σₖ wᵢⱼₖ²): (B, in) @ (in, out) → (B, out)
            var energy = style.square().matmul(scaled.square().sum([2, 3]).t());
            y = y.mul(energy.Add(1e-8).rsqrt().unsqueeze(-1).unsqueeze(-1));
        }
        return y.MoveToOuterDisposeScope();
    }
}
