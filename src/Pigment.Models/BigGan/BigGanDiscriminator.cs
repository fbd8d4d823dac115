using Pigment.Core;
using Pigment.Models.Gan;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Models.BigGan;

/// <summary>
/// The BigGAN discriminator: residual down-blocks mirroring the generator (self-attention at the same resolution), a
/// last block without pooling, ReLU and a sum over positions giving φ(x); the projection discriminator (Miyato &amp;
/// Koyama 2018) scores d(x, y) = wᵀφ(x) + b + embed(y)ᵀφ(x). Spectral norm on every layer.
/// </summary>
public sealed class BigGanDiscriminator : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly ModuleList<DiscriminatorBlock> blocks;
    private readonly GanSelfAttention? attention;
    private readonly SnLinear output;
    private readonly Embedding projection;
    private readonly int _attentionAfter = -1;

    public BigGanDiscriminator(BigGanConfig config) : base(nameof(BigGanDiscriminator))
    {
        var widths = config.Widths;
        blocks = new ModuleList<DiscriminatorBlock>();
        int channels = config.Channels, resolution = config.ImageSize;
        for (int s = config.Blocks; s >= 1; s--)                                  // 64 → 32 → … → 4
        {
            blocks.Add(new DiscriminatorBlock(channels, widths[s], first: s == config.Blocks));
            channels = widths[s];
            resolution /= 2;
            if (resolution == config.AttentionResolution)
            {
                attention = new GanSelfAttention(channels);
                _attentionAfter = blocks.Count - 1;
            }
        }
        blocks.Add(new DiscriminatorBlock(channels, widths[0], first: false, downsample: false));
        output = new SnLinear(widths[0], 1);
        projection = nn.Embedding(config.NumClasses, widths[0]);
        RegisterComponents();
    }

    /// <returns>logits (B)</returns>
    public override Tensor forward(Tensor x, Tensor labels)
    {
        using var scope = torch.NewDisposeScope();
        var h = x;
        for (int i = 0; i < blocks.Count; i++)
        {
            h = blocks[i].call(h);
            if (i == _attentionAfter)
                h = attention!.call(h);
        }
        var phi = nn.functional.relu(h).sum([2, 3]);                              // (B, C)
        var logits = output.call(phi).squeeze(1).Plus(projection.call(labels).mul(phi).sum(1));
        return logits.MoveToOuterDisposeScope();
    }
}
