using Pigment.Core.NativeMath;
using Pigment.Models.Layers;
using Conv2d = Pigment.Models.Layers.Conv2d;
using ConvTranspose2d = Pigment.Models.Layers.ConvTranspose2d;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Models.Gan;

/// <summary>A 2-D convolution whose weight is optionally spectrally normalised (see <see cref="SpectralNormalization"/>).</summary>
public sealed class SnConv2d : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly Tensor? u;
    private readonly long _stride;
    private readonly long _padding;

    public SnConv2d(int inChannels, int outChannels, int kernel, int stride, int padding, bool spectral) : base(nameof(SnConv2d))
    {
        using var template = new Conv2d(inChannels, outChannels, kernel, stride: stride, padding: padding);
        weight = Parameters.CopyOf(template.weight!);
        bias = Parameters.CopyOf(template.bias!);
        if (spectral)
            u = Parameters.RandomUnitVector(outChannels);
        _stride = stride;
        _padding = padding;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        if (u is null)
            return Convolutions.Conv2d(x, weight, bias, _stride, _padding);
        using var normalized = SpectralNormalization.Normalize(weight, u, training);
        return Convolutions.Conv2d(x, normalized, bias, _stride, _padding);
    }
}
