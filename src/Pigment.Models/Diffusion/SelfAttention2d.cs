using Pigment.Core;
using Pigment.Models.Layers;
using Conv2d = Pigment.Models.Layers.Conv2d;
using ConvTranspose2d = Pigment.Models.Layers.ConvTranspose2d;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Models.Diffusion;

/// <summary>
/// Multi-head self-attention over the H·W positions of a feature map, with a residual connection:
/// out = x + Proj(softmax(Q Kᵀ / √d) V), Q, K, V = 1×1 convolutions of GN(x). The projection starts at zero.
/// </summary>
public sealed class SelfAttention2d : nn.Module<Tensor, Tensor>
{
    private readonly GroupNorm norm;
    private readonly Conv2d qkv;
    private readonly Conv2d proj;
    private readonly int _heads;
    private readonly int _groups;

    public SelfAttention2d(int channels, int heads, int groups) : base(nameof(SelfAttention2d))
    {
        if (channels % heads != 0)
            throw new ArgumentException($"Attention needs channels ({channels}) divisible by heads ({heads}).");
        _heads = heads;
        _groups = Norms.Groups(channels, groups);
        norm = Norms.GroupNorm(_groups, channels);
        qkv = new Conv2d(channels, 3 * channels, 1);
        proj = new Conv2d(channels, channels, 1);
        using (torch.no_grad())
        {
            proj.weight!.zero_();
            proj.bias!.zero_();
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        long b = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
        long d = c / _heads;
        // (B, 3C, H, W) → 3 × (B, heads, HW, d)
        var parts = qkv.call(norm.call(x)).reshape(b, 3, _heads, d, h * w).permute(1, 0, 2, 4, 3).unbind(0);
        var attended = nn.functional.scaled_dot_product_attention(parts[0], parts[1], parts[2]); // (B, heads, HW, d)
        Layers.FlopCounter.Attention(b, _heads, h * w, h * w, d);
        var merged = attended.permute(0, 1, 3, 2).reshape(b, c, h, w);
        return x.Plus(proj.call(merged)).MoveToOuterDisposeScope();
    }

    /// <summary>This block's ONNX nodes; <paramref name="prefix"/> is its checkpoint path.</summary>
    public string ToOnnx(Onnx.OnnxLayers o, string prefix, string x)
    {
        long d = proj.weight.shape[0] / _heads;
        var qkv5 = o.Reshape(o.Conv(prefix + ".qkv", o.GroupNorm(prefix + ".norm", x, _groups, 1e-5f)), 0, 3, _heads, d, -1);   // (B, 3, heads, d, HW)
        var parts = o.Transpose(qkv5, 1, 0, 2, 4, 3);                                              // (3, B, heads, HW, d)
        string Part(long i) => o.Graph.Node("Gather", [parts, o.Graph.Ints(i)], [new("axis", Int: 0)]);
        var q = o.Graph.Node("Squeeze", [Part(0), o.Graph.Ints(0)], []);
        var k = o.Graph.Node("Squeeze", [Part(1), o.Graph.Ints(0)], []);
        var v = o.Graph.Node("Squeeze", [Part(2), o.Graph.Ints(0)], []);
        var attended = o.ScaledDotProduct(q, k, v, d);                                           // (B, heads, HW, d)
        var merged = o.Graph.Node("Reshape", [o.Transpose(attended, 0, 1, 3, 2), o.Graph.Node("Shape", [x], [])], []);
        return o.Add(x, o.Conv(prefix + ".proj", merged));
    }
}
