using Pigment.Core;
using Pigment.Core.Data;
using Pigment.Models.Gan;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Models.ProGan;

/// <summary>
/// Progressive GAN's game. Training grows from 4×4: <see cref="GrowthPoint.At"/> says, for each step, the highest
/// resolution and its fade-in α; the real images are shown at that resolution (average-pooled from the full size, and
/// during a fade blended from the coarser version in the same way as the generator's output). The loss is the
/// non-saturating one with the R1 penalty on reals, not the paper's WGAN-GP: R1 needs one gradient through the reals
/// rather than through interpolated images, can be computed lazily (every few steps), and is what the StyleGANs that
/// followed use; the paper's own later work found it at least as stable.
/// </summary>
public sealed class ProGanObjective : IAdversarialObjective, IStepAwareObjective
{
    public const string FamilyName = "progan";

    private int _step;

    public ProGanObjective(ProGanConfig config)
    {
        Config = config;
        Generator = new ProGanGenerator(config);
        Discriminator = new ProGanDiscriminator(config);
        BeginStep(0);
    }

    public ProGanConfig Config { get; }

    public ProGanGenerator Generator { get; }

    public ProGanDiscriminator Discriminator { get; }

    /// <summary>Where the growth is at the current step.</summary>
    public GrowthPoint Point { get; private set; }

    public string Family => FamilyName;

    public nn.Module Model => Generator;

    public nn.Module Critic => Discriminator;

    public nn.Module CreateModel() => new ProGanGenerator(Config);

    public void BeginStep(int step)
    {
        _step = step;
        Point = GrowthPoint.At(step, Config);
        Generator.Point = Point;
        Discriminator.Point = Point;
    }

    public Tensor CriticLoss(nn.Module model, Batch batch, torch.Generator generator)
    {
        using var scope = torch.NewDisposeScope();
        var reals = RealsAt(batch.Images, Point);
        Tensor fake;
        using (torch.no_grad())
            fake = Draw((ProGanGenerator)model, reals.shape[0], generator);
        bool regularise = Config.R1Gamma > 0 && _step % Config.R1Every == 0;
        return GanLoss.CriticWithR1(Discriminator.call, reals, fake, Config.R1Gamma, Config.R1Every, regularise).MoveToOuterDisposeScope();
    }

    public Tensor Loss(nn.Module model, Batch batch, torch.Generator generator)
    {
        using var scope = torch.NewDisposeScope();
        var fake = Draw((ProGanGenerator)model, batch.Images.shape[0], generator);
        return GanLoss.Generator(GanLossKind.NonSaturating, Discriminator.call(fake)).MoveToOuterDisposeScope();
    }

    /// <summary>G(z) for z ~ N(0, I) at the generator's current resolution.</summary>
    public static Tensor Draw(ProGanGenerator generator, long count, torch.Generator random)
    {
        using var z = torch.randn([count, generator.Config.LatentDim], generator: random);
        return generator.call(z);
    }

    /// <summary>Full-size real images shown at a growth point: pooled to its resolution, and while it fades in,
    /// (1 − α)·upsample(pool₂(x_r)) + α·x_r.</summary>
    public static Tensor RealsAt(Tensor images, GrowthPoint point)
    {
        using var scope = torch.NewDisposeScope();
        long factor = images.shape[2] / point.Resolution;
        var x = factor > 1 ? nn.functional.avg_pool2d(images, factor) : images.alias();
        if (point.Alpha < 1)
        {
            var coarse = nn.functional.interpolate(nn.functional.avg_pool2d(x, 2), scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest);
            x = GanOps.Lerp(coarse, x, point.Alpha);
        }
        return x.MoveToOuterDisposeScope();
    }
}
