using Pigment.Core;
using Pigment.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Conv2d = Pigment.Models.Layers.Conv2d;

namespace Pigment.Models.Autoencoders;

/// <summary>An unconditioned ResNet block: h = Conv(SiLU(GN(x))); h = Conv(SiLU(GN(h))); out = skip(x) + h.</summary>
public sealed class AutoencoderBlock : nn.Module<Tensor, Tensor>
{
    private readonly GroupNorm norm1;
    private readonly Conv2d conv1;
    private readonly GroupNorm norm2;
    private readonly Conv2d conv2;
    private readonly nn.Module<Tensor, Tensor> skip;

    public AutoencoderBlock(int inChannels, int outChannels, int groups) : base(nameof(AutoencoderBlock))
    {
        norm1 = Norms.GroupNorm(Norms.Groups(inChannels, groups), inChannels);
        conv1 = new Conv2d(inChannels, outChannels, 3, padding: 1);
        norm2 = Norms.GroupNorm(Norms.Groups(outChannels, groups), outChannels);
        conv2 = new Conv2d(outChannels, outChannels, 3, padding: 1);
        skip = inChannels == outChannels ? nn.Identity() : new Conv2d(inChannels, outChannels, 1);
        RegisterComponents();
    }

    /// <param name="x">(B, C_in, H, W) → (B, C_out, H, W)</param>
    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var h = conv1.call(nn.functional.silu(norm1.call(x)));
        h = conv2.call(nn.functional.silu(norm2.call(h)));
        return skip.call(x).Plus(h).MoveToOuterDisposeScope();
    }
}
