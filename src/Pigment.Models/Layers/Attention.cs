using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Models.Layers;

/// <summary>
/// Multi-head attention of a sequence on itself or on a context (Vaswani et al. 2017):
/// Attention(Q, K, V) = softmax(Q Kᵀ / √d + M) V with Q = x W_q, K = c W_k, V = c W_v per head, then W_o. A key
/// mask (B, L_c), true where a key may be attended to, keeps padding tokens out (M = −∞ there).
/// </summary>
public sealed class Attention : nn.Module<Tensor, Tensor?, Tensor?, Tensor>
{
    private readonly Linear to_q;
    private readonly Linear to_k;
    private readonly Linear to_v;
    private readonly Linear to_out;
    private readonly int _heads;

    /// <param name="dim">features of the queries' sequence (and of the output)</param>
    /// <param name="contextDim">features of the context (= dim for self-attention)</param>
    public Attention(int dim, int contextDim, int heads, bool zeroOutput = false) : base(nameof(Attention))
    {
        if (dim % heads != 0)
            throw new ArgumentException($"Attention needs features ({dim}) divisible by heads ({heads}).");
        _heads = heads;
        to_q = nn.Linear(dim, dim, hasBias: false);
        to_k = nn.Linear(contextDim, dim, hasBias: false);
        to_v = nn.Linear(contextDim, dim, hasBias: false);
        to_out = nn.Linear(dim, dim);
        if (zeroOutput)
        {
            using (torch.no_grad())
            {
                to_out.weight!.zero_();
                to_out.bias!.zero_();
            }
        }
        RegisterComponents();
    }

    /// <param name="x">(B, L, dim)</param>
    /// <param name="context">(B, L_c, contextDim); null: self-attention</param>
    /// <param name="keyMask">(B, L_c) bool, true = attend; null: every key</param>
    public override Tensor forward(Tensor x, Tensor? context, Tensor? keyMask)
    {
        using var scope = torch.NewDisposeScope();
        context ??= x;
        long b = x.shape[0], l = x.shape[1], lc = context.shape[1], dim = x.shape[2], d = dim / _heads;
        var q = to_q.call(x).reshape(b, l, _heads, d).transpose(1, 2);                 // (B, heads, L, d)
        var k = to_k.call(context).reshape(b, lc, _heads, d).transpose(1, 2);          // (B, heads, L_c, d)
        var v = to_v.call(context).reshape(b, lc, _heads, d).transpose(1, 2);
        var mask = keyMask?.reshape(b, 1, 1, lc);                                      // broadcast over heads and queries
        var attended = nn.functional.scaled_dot_product_attention(q, k, v, attn_mask: mask);  // (B, heads, L, d)
        FlopCounter.Attention(b, _heads, l, lc, d);
        return to_out.call(attended.transpose(1, 2).reshape(b, l, dim)).MoveToOuterDisposeScope();
    }

    /// <summary>This layer's ONNX nodes for x (B, L, dim) and a context (B, L_c, D) (null: self-attention), with an
    /// additive key mask (B, 1, 1, L_c) or none.</summary>
    public string ToOnnx(Onnx.OnnxLayers o, string prefix, string x, string? context, string? additiveMask)
    {
        context ??= x;
        long dim = to_q.weight!.shape[0], d = dim / _heads;
        string Heads(string name, string input) => o.Transpose(o.Reshape(o.Linear($"{prefix}.{name}", input), 0, 0, _heads, d), 0, 2, 1, 3);   // (B, heads, L, d)
        var attended = o.ScaledDotProduct(Heads("to_q", x), Heads("to_k", context), Heads("to_v", context), d, additiveMask);
        return o.Linear(prefix + ".to_out", o.Reshape(o.Transpose(attended, 0, 2, 1, 3), 0, 0, dim));
    }
}
