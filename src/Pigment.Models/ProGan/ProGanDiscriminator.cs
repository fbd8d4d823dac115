using Pigment.Models.Gan;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Models.ProGan;

/// <summary>
/// The Progressive GAN discriminator, the generator's mirror: a 1×1 fromRGB at each resolution, one block per halving
/// (two 3×3 convolutions, LeakyReLU(0.2), 2× average pooling), and at 4×4 the minibatch standard-deviation channel,
/// a 3×3 and a 4×4 convolution and a linear logit. While a resolution fades in, its block's output is blended with the
/// previous fromRGB of the half-size image: (1 − α)·fromRGB(pool(x)) + α·block(fromRGB(x)).
/// </summary>
public sealed class ProGanDiscriminator : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<EqualizedConv2d> from_rgb;
    private readonly ModuleList<Sequential> blocks;
    private readonly EqualizedConv2d final_conv;
    private readonly EqualizedConv2d final_dense;
    private readonly EqualizedLinear output;

    public ProGanDiscriminator(ProGanConfig config) : base(nameof(ProGanDiscriminator))
    {
        Config = config;
        var widths = config.Widths;
        from_rgb = new ModuleList<EqualizedConv2d>();
        for (int s = 0; s < config.Stages; s++)
            from_rgb.Add(new EqualizedConv2d(config.Channels, widths[s], 1));
        blocks = new ModuleList<Sequential>();
        for (int s = 1; s < config.Stages; s++)              // block s takes resolution 4·2^s down to 4·2^(s−1)
            blocks.Add(nn.Sequential(new EqualizedConv2d(widths[s], widths[s], 3, padding: 1), new EqualizedConv2d(widths[s], widths[s - 1], 3, padding: 1)));
        final_conv = new EqualizedConv2d(widths[0] + 1, widths[0], 3, padding: 1);
        final_dense = new EqualizedConv2d(widths[0], widths[0], 4);
        output = new EqualizedLinear(widths[0], 1, gain: 1);
        RegisterComponents();
        Point = GrowthPoint.Final(config);
    }

    public ProGanConfig Config { get; }

    /// <summary>The resolution judged: images given to <see cref="forward"/> are at <see cref="GrowthPoint.Resolution"/>.</summary>
    public GrowthPoint Point { get; set; }

    /// <returns>logits (B)</returns>
    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        int top = Point.Stage;
        var h = Activate(from_rgb[top].call(x));
        for (int s = top; s >= 1; s--)
        {
            foreach (var conv in blocks[s - 1].children().Cast<nn.Module<Tensor, Tensor>>())
                h = Activate(conv.call(h));
            h = nn.functional.avg_pool2d(h, 2);
            if (s == top && Point.Alpha < 1)
            {
                var coarse = Activate(from_rgb[top - 1].call(nn.functional.avg_pool2d(x, 2)));
                h = GanOps.Lerp(coarse, h, Point.Alpha);
            }
        }
        h = GanOps.MinibatchStdDev(h);
        h = Activate(final_conv.call(h));
        h = Activate(final_dense.call(h)).flatten(1);
        return output.call(h).squeeze(1).MoveToOuterDisposeScope();
    }

    private static Tensor Activate(Tensor x) => nn.functional.leaky_relu(x, 0.2);
}
