using Pigment.Core;
using Pigment.Models.Gan;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Models.BigGan;

/// <summary>
/// Class-conditional BatchNorm (de Vries et al. 2017, as BigGAN uses it): normalise without learned affine, then scale
/// by 1 + γ(c) and shift by β(c), both linear in the condition c = [shared class embedding, this block's z chunk].
/// </summary>
public sealed class ConditionalBatchNorm : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly BatchNorm2d norm;
    private readonly SnLinear gain;
    private readonly SnLinear shift;

    public ConditionalBatchNorm(int channels, int conditionDim) : base(nameof(ConditionalBatchNorm))
    {
        norm = nn.BatchNorm2d(channels, affine: false);
        gain = new SnLinear(conditionDim, channels, hasBias: false);
        shift = new SnLinear(conditionDim, channels, hasBias: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x, Tensor condition)
    {
        using var scope = torch.NewDisposeScope();
        var scale = gain.call(condition).Add(1).unsqueeze(-1).unsqueeze(-1);
        var bias = shift.call(condition).unsqueeze(-1).unsqueeze(-1);
        return norm.call(x).mul(scale).Plus(bias).MoveToOuterDisposeScope();
    }
}

/// <summary>BigGAN's generator block: CBN–ReLU–upsample–conv3×3–CBN–ReLU–conv3×3, plus upsample–conv1×1 on the skip.</summary>
public sealed class GeneratorBlock : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly ConditionalBatchNorm bn1;
    private readonly SnConv2d conv1;
    private readonly ConditionalBatchNorm bn2;
    private readonly SnConv2d conv2;
    private readonly SnConv2d skip;

    public GeneratorBlock(int inChannels, int outChannels, int conditionDim) : base(nameof(GeneratorBlock))
    {
        bn1 = new ConditionalBatchNorm(inChannels, conditionDim);
        conv1 = new SnConv2d(inChannels, outChannels, 3, 1, 1, true);
        bn2 = new ConditionalBatchNorm(outChannels, conditionDim);
        conv2 = new SnConv2d(outChannels, outChannels, 3, 1, 1, true);
        skip = new SnConv2d(inChannels, outChannels, 1, 1, 0, true);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x, Tensor condition)
    {
        using var scope = torch.NewDisposeScope();
        var h = nn.functional.relu(bn1.call(x, condition));
        h = conv1.call(Up(h));
        h = conv2.call(nn.functional.relu(bn2.call(h, condition)));
        return h.Plus(skip.call(Up(x))).MoveToOuterDisposeScope();
    }

    private static Tensor Up(Tensor x) => nn.functional.interpolate(x, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest);
}

/// <summary>BigGAN's discriminator block: ReLU–conv3×3–ReLU–conv3×3–avg-pool, plus conv1×1–avg-pool on the skip.</summary>
public sealed class DiscriminatorBlock : nn.Module<Tensor, Tensor>
{
    private readonly SnConv2d conv1;
    private readonly SnConv2d conv2;
    private readonly SnConv2d skip;
    private readonly bool _first;
    private readonly bool _downsample;

    public DiscriminatorBlock(int inChannels, int outChannels, bool first, bool downsample = true) : base(nameof(DiscriminatorBlock))
    {
        conv1 = new SnConv2d(inChannels, outChannels, 3, 1, 1, true);
        conv2 = new SnConv2d(outChannels, outChannels, 3, 1, 1, true);
        skip = new SnConv2d(inChannels, outChannels, 1, 1, 0, true);
        _first = first;
        _downsample = downsample;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var h = conv1.call(_first ? x : nn.functional.relu(x));                  // no ReLU on the image itself
        h = conv2.call(nn.functional.relu(h));
        var s = skip.call(x);
        if (_downsample)
        {
            h = nn.functional.avg_pool2d(h, 2);
            s = nn.functional.avg_pool2d(s, 2);
        }
        return h.Plus(s).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// SAGAN's self-attention (Zhang et al. 2019): queries and keys in C/8 channels, values in C/2, every position attends
/// to every other (keys and values max-pooled 2× as in BigGAN's code), added back with a learned γ that starts at 0.
/// </summary>
public sealed class GanSelfAttention : nn.Module<Tensor, Tensor>
{
    private readonly SnConv2d query;
    private readonly SnConv2d key;
    private readonly SnConv2d value;
    private readonly SnConv2d output;
    private readonly Parameter gamma;

    public GanSelfAttention(int channels) : base(nameof(GanSelfAttention))
    {
        int small = Math.Max(1, channels / 8), half = Math.Max(1, channels / 2);
        query = new SnConv2d(channels, small, 1, 1, 0, true);
        key = new SnConv2d(channels, small, 1, 1, 0, true);
        value = new SnConv2d(channels, half, 1, 1, 0, true);
        output = new SnConv2d(half, channels, 1, 1, 0, true);
        gamma = new Parameter(torch.zeros(1));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        long b = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
        var q = query.call(x).flatten(2);                                            // (B, C/8, N)
        var k = nn.functional.max_pool2d(key.call(x), 2).flatten(2);                 // (B, C/8, N/4)
        var v = nn.functional.max_pool2d(value.call(x), 2).flatten(2);               // (B, C/2, N/4)
        var attention = torch.softmax(q.transpose(1, 2).bmm(k), -1);                 // (B, N, N/4)
        var o = v.bmm(attention.transpose(1, 2)).reshape(b, -1, h, w);               // (B, C/2, H, W)
        return x.Plus(output.call(o).mul(gamma)).MoveToOuterDisposeScope();
    }
}
