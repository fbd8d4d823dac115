using Pigment.Models.Layers;
using Conv2d = Pigment.Models.Layers.Conv2d;
using ConvTranspose2d = Pigment.Models.Layers.ConvTranspose2d;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Models.Diffusion;

/// <summary>Halves the resolution with a stride-2 3×3 convolution: (B, C, H, W) → (B, C, ⌈H/2⌉, ⌈W/2⌉).</summary>
public sealed class Downsample : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;

    public Downsample(int channels) : base(nameof(Downsample))
    {
        conv = new Conv2d(channels, channels, 3, stride: 2, padding: 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => conv.call(x);

    public static string ToOnnx(Onnx.OnnxLayers o, string prefix, string x) => o.Conv(prefix + ".conv", x, stride: 2);
}
