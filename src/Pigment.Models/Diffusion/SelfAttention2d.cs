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

    public SelfAttention2d(int channels, int heads, int groups) : base(nameof(SelfAttention2d))
    {
        if (channels % heads != 0)
            throw new ArgumentException($"Attention needs channels ({channels}) divisible by heads ({heads}).");
        _heads = heads;
        norm = Norms.GroupNorm(Norms.Groups(channels, groups), channels);
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
        var merged = attended.permute(0, 1, 3, 2).reshape(b, c, h, w);
        return x.Plus(proj.call(merged)).MoveToOuterDisposeScope();
    }
}
