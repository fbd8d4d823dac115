using Pigment.Models.Layers;
using Conv2d = Pigment.Models.Layers.Conv2d;
using ConvTranspose2d = Pigment.Models.Layers.ConvTranspose2d;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Models.Diffusion;

/// <summary>Doubles the resolution: nearest-neighbour ×2, then a 3×3 convolution.</summary>
public sealed class Upsample : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;

    public Upsample(int channels) : base(nameof(Upsample))
    {
        conv = new Conv2d(channels, channels, 3, padding: 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var upsampled = nn.functional.interpolate(x, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest);
        return conv.call(upsampled);
    }

    public static string ToOnnx(Onnx.OnnxLayers o, string prefix, string x) => o.Conv(prefix + ".conv", o.Upsample2x(x));
}
