using Pigment.Core;
using Pigment.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Models.LatentDiffusion;

/// <summary>
/// SD's transformer block on a feature map: the H·W positions become a sequence of tokens, then
/// h += SelfAttn(LN(h)); h += CrossAttn(LN(h), text states); h += FF(LN(h)) with FF = W₂ (a ⊙ GELU(g)), [a, g] = W₁ h
/// (GEGLU, Shazeer 2020); the result is mapped back to channels by a 1×1 convolution that starts at zero and added
/// to the input, so the block begins as the identity. Cross-attention is where the words reach the image: each
/// position asks which tokens concern it.
/// </summary>
public sealed class SpatialTransformer : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    private readonly GroupNorm norm;
    private readonly Linear proj_in;
    private readonly LayerNorm norm1;
    private readonly Attention self_attention;
    private readonly LayerNorm norm2;
    private readonly Attention cross_attention;
    private readonly LayerNorm norm3;
    private readonly Linear ff_in;
    private readonly Linear ff_out;
    private readonly Linear proj_out;
    private readonly int _groups;

    public SpatialTransformer(int channels, int contextDim, int headChannels, int groups) : base(nameof(SpatialTransformer))
    {
        int heads = channels / headChannels;
        _groups = Norms.Groups(channels, groups);
        norm = Norms.GroupNorm(_groups, channels, eps: 1e-6);
        proj_in = nn.Linear(channels, channels);
        norm1 = Norms.LayerNorm(channels);
        self_attention = new Attention(channels, channels, heads);
        norm2 = Norms.LayerNorm(channels);
        cross_attention = new Attention(channels, contextDim, heads);
        norm3 = Norms.LayerNorm(channels);
        ff_in = nn.Linear(channels, 8 * channels);
        ff_out = nn.Linear(4 * channels, channels);
        proj_out = nn.Linear(channels, channels);
        using (torch.no_grad())
        {
            proj_out.weight!.zero_();
            proj_out.bias!.zero_();
        }
        RegisterComponents();
    }

    /// <param name="x">(B, C, H, W)</param>
    /// <param name="context">text states (B, L, D)</param>
    /// <param name="contextMask">(B, L) bool, true at real tokens</param>
    public override Tensor forward(Tensor x, Tensor context, Tensor contextMask)
    {
        using var scope = torch.NewDisposeScope();
        long b = x.shape[0], c = x.shape[1], height = x.shape[2], width = x.shape[3];
        var h = proj_in.call(norm.call(x).reshape(b, c, height * width).transpose(1, 2));     // (B, HW, C)
        h = h.Plus(self_attention.call(norm1.call(h), null, null));
        h = h.Plus(cross_attention.call(norm2.call(h), context, contextMask));
        var gates = ff_in.call(norm3.call(h)).chunk(2, -1);                                  // GEGLU
        h = h.Plus(ff_out.call(gates[0] * nn.functional.gelu(gates[1])));
        var back = proj_out.call(h).transpose(1, 2).reshape(b, c, height, width);
        return x.Plus(back).MoveToOuterDisposeScope();
    }

    /// <summary>This block's ONNX nodes; <paramref name="additiveMask"/> is the text mask as (B, 1, 1, L) additive.</summary>
    public string ToOnnx(Onnx.OnnxLayers o, string prefix, string x, string context, string additiveMask)
    {
        long c = proj_in.weight!.shape[0];
        var tokens = o.Transpose(o.Reshape(o.GroupNorm(prefix + ".norm", x, _groups, 1e-6f), 0, c, -1), 0, 2, 1);   // (B, HW, C)
        var h = o.Linear(prefix + ".proj_in", tokens);
        h = o.Add(h, self_attention.ToOnnx(o, prefix + ".self_attention", o.LayerNorm(prefix + ".norm1", h), null, null));
        h = o.Add(h, cross_attention.ToOnnx(o, prefix + ".cross_attention", o.LayerNorm(prefix + ".norm2", h), context, additiveMask));
        var gates = o.Graph.NodeOutputs("Split", [o.Linear(prefix + ".ff_in", o.LayerNorm(prefix + ".norm3", h))], [new("axis", Int: -1)], 2);
        h = o.Add(h, o.Linear(prefix + ".ff_out", o.Mul(gates[0], o.Gelu(gates[1]))));
        var back = o.Graph.Node("Reshape", [o.Transpose(o.Linear(prefix + ".proj_out", h), 0, 2, 1), o.Graph.Node("Shape", [x], [])], []);
        return o.Add(x, back);
    }
}
