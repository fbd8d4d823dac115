using Pigment.Core;
using Pigment.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Models.TextEncoders;

/// <summary>A pre-LayerNorm transformer encoder block: x += SelfAttn(LN(x), mask); x += MLP(LN(x)), MLP = W₂ GELU(W₁ x).</summary>
public sealed class TransformerBlock : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly LayerNorm norm1;
    private readonly Attention attention;
    private readonly LayerNorm norm2;
    private readonly Sequential mlp;

    public TransformerBlock(int width, int heads) : base(nameof(TransformerBlock))
    {
        norm1 = Norms.LayerNorm(width);
        attention = new Attention(width, width, heads);
        norm2 = Norms.LayerNorm(width);
        mlp = nn.Sequential(("fc1", nn.Linear(width, 4 * width)), ("gelu", nn.GELU()), ("fc2", nn.Linear(4 * width, width)));
        RegisterComponents();
    }

    /// <param name="x">(B, L, W)</param>
    /// <param name="keyMask">(B, L) bool, false at padding</param>
    public override Tensor forward(Tensor x, Tensor keyMask)
    {
        using var scope = torch.NewDisposeScope();
        var h = x.Plus(attention.call(norm1.call(x), null, keyMask));
        return h.Plus(mlp.call(norm2.call(h))).MoveToOuterDisposeScope();
    }
}
