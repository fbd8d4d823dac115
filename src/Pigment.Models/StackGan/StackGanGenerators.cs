using Pigment.Core;
using Pigment.Models.Layers;
using Conv2d = Pigment.Models.Layers.Conv2d;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Models.StackGan;

/// <summary>Upsample ×2 (nearest) – conv 3×3 – BatchNorm – ReLU: StackGAN's upsampling block.</summary>
public sealed class UpBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly BatchNorm2d norm;

    public UpBlock(int inChannels, int outChannels) : base(nameof(UpBlock))
    {
        conv = new Conv2d(inChannels, outChannels, 3, padding: 1, hasBias: false);
        norm = nn.BatchNorm2d(outChannels);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var up = nn.functional.interpolate(x, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest);
        return nn.functional.relu(norm.call(conv.call(up))).MoveToOuterDisposeScope();
    }
}

/// <summary>conv–BN–ReLU–conv–BN plus the input, then ReLU: Stage II's residual block.</summary>
public sealed class ResidualBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d norm1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d norm2;

    public ResidualBlock(int channels) : base(nameof(ResidualBlock))
    {
        conv1 = new Conv2d(channels, channels, 3, padding: 1, hasBias: false);
        norm1 = nn.BatchNorm2d(channels);
        conv2 = new Conv2d(channels, channels, 3, padding: 1, hasBias: false);
        norm2 = nn.BatchNorm2d(channels);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var h = nn.functional.relu(norm1.call(conv1.call(x)));
        h = norm2.call(conv2.call(h));
        return nn.functional.relu(h.Plus(x)).MoveToOuterDisposeScope();
    }
}

/// <summary>What a StackGAN stage returns: images in [−1, 1] and the conditioning Gaussian (for the KL term).</summary>
public sealed record StageOutput(Tensor Images, Tensor Mean, Tensor LogVariance) : IDisposable
{
    public void Dispose()
    {
        Images.Dispose();
        Mean.Dispose();
        LogVariance.Dispose();
    }
}

/// <summary>
/// Stage I (Zhang et al. 2017, §3.2): ĉ₀ from conditioning augmentation, concatenated with z, a linear layer to
/// (8w, 4, 4), upsampling blocks halving the channels to the Stage-I size, a 3×3 convolution to RGB and tanh: the
/// rough shapes and colours of the scene.
/// </summary>
public sealed class StackGanStage1 : nn.Module<Tensor, Tensor, Tensor, StageOutput>
{
    private readonly ConditioningAugmentation augment;
    private readonly Linear project;
    private readonly BatchNorm1d project_norm;
    private readonly Sequential body;
    private readonly int _top;

    public StackGanStage1(StackGanConfig config) : base(nameof(StackGanStage1))
    {
        config.Validate();
        Config = config;
        _top = 8 * config.Width;
        augment = new ConditioningAugmentation(config.TextDim, config.ConditionDim);
        project = nn.Linear(config.ConditionDim + config.LatentDim, _top * 16, hasBias: false);
        project_norm = nn.BatchNorm1d(_top * 16);
        body = nn.Sequential();
        int channels = _top;
        for (int size = 4; size < config.Stage1Size; size *= 2)
        {
            int next = Math.Max(channels / 2, config.Width);
            body.append(new UpBlock(channels, next));
            channels = next;
        }
        body.append(new Conv2d(channels, config.Channels, 3, padding: 1)).append(nn.Tanh());
        RegisterComponents();
    }

    public StackGanConfig Config { get; }

    /// <param name="text">φ_t, (B, TextDim)</param>
    /// <param name="z">(B, LatentDim) standard normal</param>
    /// <param name="noise">ε of the conditioning augmentation, (B, ConditionDim)</param>
    public override StageOutput forward(Tensor text, Tensor z, Tensor noise)
    {
        using var scope = torch.NewDisposeScope();
        var (condition, mean, logVariance) = augment.call(text, noise);
        var h = nn.functional.relu(project_norm.call(project.call(torch.cat([condition, z], 1)))).reshape(-1, _top, 4, 4);
        var images = body.call(h);
        return new StageOutput(images.MoveToOuterDisposeScope(), mean.MoveToOuterDisposeScope(), logVariance.MoveToOuterDisposeScope());
    }
}

/// <summary>
/// Stage II (§3.3): the Stage-I image is encoded down to half its size (2w channels); ĉ from its own conditioning
/// augmentation is replicated over that grid and joined by a 3×3 convolution; residual blocks; two upsampling blocks
/// to the full size, a 3×3 convolution to RGB and tanh. It corrects the sketch's defects and adds detail, reading the
/// text again for what Stage I left out.
/// </summary>
public sealed class StackGanStage2 : nn.Module<Tensor, Tensor, Tensor, StageOutput>
{
    private readonly ConditioningAugmentation augment;
    private readonly Conv2d encode_in;
    private readonly Conv2d encode_down;
    private readonly BatchNorm2d encode_norm;
    private readonly Conv2d joint;
    private readonly BatchNorm2d joint_norm;
    private readonly Sequential residual;
    private readonly UpBlock up1;
    private readonly UpBlock up2;
    private readonly Conv2d to_rgb;

    public StackGanStage2(StackGanConfig config) : base(nameof(StackGanStage2))
    {
        config.Validate();
        Config = config;
        int w = config.Width;
        augment = new ConditioningAugmentation(config.TextDim, config.ConditionDim);
        encode_in = new Conv2d(config.Channels, w, 3, padding: 1);
        encode_down = new Conv2d(w, 2 * w, 4, stride: 2, padding: 1, hasBias: false);
        encode_norm = nn.BatchNorm2d(2 * w);
        joint = new Conv2d(2 * w + config.ConditionDim, 2 * w, 3, padding: 1, hasBias: false);
        joint_norm = nn.BatchNorm2d(2 * w);
        residual = nn.Sequential();
        for (int i = 0; i < config.ResidualBlocks; i++)
            residual.append(new ResidualBlock(2 * w));
        up1 = new UpBlock(2 * w, w);
        up2 = new UpBlock(w, w);
        to_rgb = new Conv2d(w, config.Channels, 3, padding: 1);
        RegisterComponents();
    }

    public StackGanConfig Config { get; }

    /// <param name="sketch">Stage I's images, (B, C, S/2, S/2) in [−1, 1]</param>
    /// <param name="text">φ_t, (B, TextDim)</param>
    /// <param name="noise">ε of this stage's conditioning augmentation, (B, ConditionDim)</param>
    public override StageOutput forward(Tensor sketch, Tensor text, Tensor noise)
    {
        using var scope = torch.NewDisposeScope();
        var (condition, mean, logVariance) = augment.call(text, noise);
        var h = nn.functional.relu(encode_in.call(sketch));
        h = nn.functional.relu(encode_norm.call(encode_down.call(h)));                         // (B, 2w, S/4, S/4)
        var c = condition.unsqueeze(-1).unsqueeze(-1).expand(-1, -1, h.shape[2], h.shape[3]);
        h = nn.functional.relu(joint_norm.call(joint.call(torch.cat([h, c], 1))));
        h = residual.call(h);
        var images = torch.tanh(to_rgb.call(up2.call(up1.call(h))));
        return new StageOutput(images.MoveToOuterDisposeScope(), mean.MoveToOuterDisposeScope(), logVariance.MoveToOuterDisposeScope());
    }
}
