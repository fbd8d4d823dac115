using Pigment.Core;
using Pigment.Models.Layers;
using Conv2d = Pigment.Models.Layers.Conv2d;
using ConvTranspose2d = Pigment.Models.Layers.ConvTranspose2d;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Models.Diffusion;

/// <summary>
/// A ResNet block conditioned on the time (and label) embedding:
/// h = Conv(SiLU(GN(x))); h += Linear(SiLU(emb)); h = Conv(Dropout(SiLU(GN(h)))); out = skip(x) + h.
/// The second convolution starts at zero, so each block begins as the identity.
/// </summary>
public sealed class ResBlock : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly GroupNorm norm1;
    private readonly Conv2d conv1;
    private readonly Linear emb_proj;
    private readonly GroupNorm norm2;
    private readonly Dropout dropout;
    private readonly Conv2d conv2;
    private readonly nn.Module<Tensor, Tensor> skip;
    private readonly int _groupsIn;
    private readonly int _groupsOut;

    public ResBlock(int inChannels, int outChannels, int embDim, double dropoutRate, int groups) : base(nameof(ResBlock))
    {
        _groupsIn = Norms.Groups(inChannels, groups);
        _groupsOut = Norms.Groups(outChannels, groups);
        norm1 = Norms.GroupNorm(_groupsIn, inChannels);
        conv1 = new Conv2d(inChannels, outChannels, 3, padding: 1);
        emb_proj = nn.Linear(embDim, outChannels);
        norm2 = Norms.GroupNorm(_groupsOut, outChannels);
        dropout = nn.Dropout(dropoutRate);
        conv2 = new Conv2d(outChannels, outChannels, 3, padding: 1);
        skip = inChannels == outChannels ? nn.Identity() : new Conv2d(inChannels, outChannels, 1);
        using (torch.no_grad())
        {
            conv2.weight!.zero_();
            conv2.bias!.zero_();
        }
        RegisterComponents();
    }

    /// <param name="x">(B, C_in, H, W)</param>
    /// <param name="emb">(B, E)</param>
    public override Tensor forward(Tensor x, Tensor emb)
    {
        using var scope = torch.NewDisposeScope();
        var h = conv1.call(nn.functional.silu(norm1.call(x)));                  // (B, C_out, H, W)
        h = h.Plus(emb_proj.call(nn.functional.silu(emb)).unsqueeze(-1).unsqueeze(-1));
        h = conv2.call(dropout.call(nn.functional.silu(norm2.call(h))));
        return skip.call(x).Plus(h).MoveToOuterDisposeScope();
    }

    /// <summary>This block's ONNX nodes (dropout is the identity at inference); <paramref name="prefix"/> is its checkpoint path.</summary>
    public string ToOnnx(Onnx.OnnxLayers o, string prefix, string x, string emb)
    {
        var h = o.Conv(prefix + ".conv1", o.SiLU(o.GroupNorm(prefix + ".norm1", x, _groupsIn, 1e-5f)));
        var e = o.Linear(prefix + ".emb_proj", o.SiLU(emb));                                       // (B, C_out)
        h = o.Add(h, o.Graph.Node("Unsqueeze", [e, o.Graph.Ints(2, 3)], []));
        h = o.Conv(prefix + ".conv2", o.SiLU(o.GroupNorm(prefix + ".norm2", h, _groupsOut, 1e-5f)));
        var shortcut = o.Has(prefix + ".skip.weight") ? o.Conv(prefix + ".skip", x) : x;
        return o.Add(shortcut, h);
    }
}
