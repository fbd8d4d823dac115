using Pigment.Core.NativeMath;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Models.Layers;

/// <summary>
/// A transposed 2-D convolution, as <c>torch.nn.ConvTranspose2d</c> (same parameters, initialisation and checkpoint
/// keys), computed through <see cref="Convolutions"/> like <see cref="Conv2d"/>.
/// </summary>
public sealed class ConvTranspose2d : nn.Module<Tensor, Tensor>
{
    private readonly long _stride;
    private readonly long _padding;

    public ConvTranspose2d(long inChannels, long outChannels, long kernel, long stride = 1, long padding = 0) : base(nameof(ConvTranspose2d))
    {
        using var template = nn.ConvTranspose2d(inChannels, outChannels, kernel, stride: stride, padding: padding);
        weight = Parameters.CopyOf(template.weight!);      // (C_in, C_out, k, k)
        bias = Parameters.CopyOf(template.bias!);
        _stride = stride;
        _padding = padding;
        register_parameter("weight", weight);
        register_parameter("bias", bias);
    }

    /// <summary>The kernel (checkpoint key <c>weight</c>).</summary>
    public Parameter weight { get; private set; }

    /// <summary>The bias (checkpoint key <c>bias</c>).</summary>
    public Parameter bias { get; private set; }

    public override Tensor forward(Tensor x) => Convolutions.ConvTranspose2d(x, weight, bias, _stride, _padding);   // (B, C_out, H', W')
}
