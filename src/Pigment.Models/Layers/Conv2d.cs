using Pigment.Core.NativeMath;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Models.Layers;

/// <summary>
/// A 2-D convolution, as <c>torch.nn.Conv2d</c> (same parameters, initialisation and checkpoint keys <c>weight</c>,
/// <c>bias</c>), that computes through <see cref="Convolutions"/> so it stays exact on CPUs where libtorch's own
/// kernels are wrong (see <see cref="MathSafety"/>). Every model convolves through this or <see cref="ConvTranspose2d"/>.
/// </summary>
public sealed class Conv2d : nn.Module<Tensor, Tensor>
{
    private readonly long _stride;
    private readonly long _padding;

    public Conv2d(long inChannels, long outChannels, long kernel, long stride = 1, long padding = 0, bool hasBias = true)
        : this(inChannels, outChannels, (kernel, kernel), stride, padding, hasBias)
    {
    }

    /// <param name="kernel">(height, width) of the kernel.</param>
    public Conv2d(long inChannels, long outChannels, (long, long) kernel, long stride = 1, long padding = 0, bool hasBias = true) : base(nameof(Conv2d))
    {
        // torch.nn.Conv2d's initialisation (Kaiming-uniform weight, uniform bias), drawn exactly as it draws it.
        using var template = nn.Conv2d(inChannels, outChannels, kernel, stride: (stride, stride), padding: (padding, padding), bias: hasBias);
        weight = Parameters.CopyOf(template.weight!);      // (C_out, C_in, kH, kW)
        bias = hasBias ? Parameters.CopyOf(template.bias!) : null;
        _stride = stride;
        _padding = padding;
        register_parameter("weight", weight);
        if (bias is not null)
            register_parameter("bias", bias);
    }

    /// <summary>The kernel (checkpoint key <c>weight</c>).</summary>
    public Parameter weight { get; private set; }

    /// <summary>The bias (checkpoint key <c>bias</c>), null without one.</summary>
    public Parameter? bias { get; private set; }

    public override Tensor forward(Tensor x) => Convolutions.Conv2d(x, weight, bias, _stride, _padding);   // (B, C_out, H', W')
}
