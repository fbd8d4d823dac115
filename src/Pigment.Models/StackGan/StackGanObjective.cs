using Pigment.Core;
using Pigment.Core.Data;
using Pigment.Models.TextEncoders;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Models.StackGan;

/// <summary>
/// StackGAN's game for one stage (Zhang et al. 2017, eqs. 3–6), with the text encoder frozen and, for Stage II, Stage I
/// frozen too. The discriminator is matching-aware: it must accept a real image with its own caption and reject both a
/// generated image with its caption and a real image with a mismatched one (the batch's captions shifted by one):
/// L_D = softplus(−D(x, t)) + ½[softplus(D(x, t̂)) + softplus(D(G(z, ĉ), t))]. The generator descends the
/// non-saturating softplus(−D(G(z, ĉ), t)) plus λ·KL(N(μ(φ_t), σ²(φ_t)) ‖ N(0, I)) of its conditioning augmentation.
/// Stage I is judged against the real images pooled to its size.
/// </summary>
public sealed class StackGanObjective : IAdversarialObjective
{
    public const string FamilyName = "stackgan";

    private readonly StackGanStage1? _sketcher;

    /// <param name="textEncoder">the frozen CLIP whose pooled text embedding is φ_t</param>
    /// <param name="sketcher">the trained Stage I, frozen (required for Stage II)</param>
    public StackGanObjective(StackGanConfig config, ClipModel textEncoder, StackGanStage1? sketcher = null)
    {
        config.Validate();
        if (config.Stage == 2 && sketcher is null)
            throw new PigmentException("StackGAN Stage II trains on a trained Stage I.");
        Config = config;
        TextEncoder = textEncoder;
        _sketcher = sketcher;
        foreach (var frozen in new nn.Module?[] { textEncoder, sketcher }.OfType<nn.Module>())
        {
            frozen.eval();
            foreach (var p in frozen.parameters())
                p.requires_grad = false;
        }
        Model = CreateModel();
        Discriminator = new MatchingDiscriminator(config.OutputSize, config.Channels, config.DiscriminatorWidth, config.TextDim);
    }

    public StackGanConfig Config { get; }

    public ClipModel TextEncoder { get; }

    public MatchingDiscriminator Discriminator { get; }

    public string Family => FamilyName;

    public nn.Module Model { get; }

    public nn.Module Critic => Discriminator;

    public nn.Module CreateModel() => Config.Stage == 1 ? new StackGanStage1(Config) : new StackGanStage2(Config);

    public Tensor CriticLoss(nn.Module model, Batch batch, torch.Generator generator)
    {
        using var scope = torch.NewDisposeScope();
        var text = Text(batch);
        var real = Real(batch);
        Tensor fake;
        using (torch.no_grad())
            fake = Draw(model, text, generator).Images;
        var mismatched = text.roll(1, 0);
        var loss = nn.functional.softplus(-Discriminator.call(real, text)).mean()
            .Plus(nn.functional.softplus(Discriminator.call(real, mismatched)).mean()
                .Plus(nn.functional.softplus(Discriminator.call(fake, text)).mean()).Mul(0.5));
        return loss.MoveToOuterDisposeScope();
    }

    public Tensor Loss(nn.Module model, Batch batch, torch.Generator generator)
    {
        using var scope = torch.NewDisposeScope();
        var text = Text(batch);
        var output = Draw(model, text, generator);
        var loss = nn.functional.softplus(-Discriminator.call(output.Images, text)).mean();
        if (Config.KlWeight > 0)
            loss = loss.Plus(ConditioningAugmentation.KlDivergence(output.Mean, output.LogVariance).Mul(Config.KlWeight));
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>φ_t of the batch's captions from the frozen text encoder, (B, TextDim).</summary>
    private Tensor Text(Batch batch)
    {
        using var noGrad = torch.no_grad();
        using var encoding = TextEncoder.EncodeText(batch.Captions.Select(c => c ?? "").ToArray(), batch.Images.device);
        return encoding.Pooled.clone();
    }

    /// <summary>The real images at this stage's size (average-pooled for Stage I).</summary>
    private Tensor Real(Batch batch) =>
        Config.Stage == 1 ? nn.functional.avg_pool2d(batch.Images, Config.ImageSize / Config.Stage1Size) : batch.Images.alias();

    /// <summary>This stage's images for φ_t, drawing z and ε from <paramref name="random"/>; Stage II sketches with the frozen Stage I first.</summary>
    private StageOutput Draw(nn.Module model, Tensor text, torch.Generator random)
    {
        long b = text.shape[0];
        var device = text.device;
        using var z = torch.randn([b, Config.LatentDim], generator: random).to(device);
        using var noise1 = torch.randn([b, Config.ConditionDim], generator: random).to(device);
        if (model is StackGanStage1 stage1)
            return stage1.call(text, z, noise1);
        using var noise2 = torch.randn([b, Config.ConditionDim], generator: random).to(device);
        using var sketch = Sketch(text, z, noise1);
        return ((StackGanStage2)model).call(sketch, text, noise2);
    }

    private Tensor Sketch(Tensor text, Tensor z, Tensor noise)
    {
        using var noGrad = torch.no_grad();
        using var output = _sketcher!.call(text, z, noise);
        using var detached = output.Images.detach();         // named: a temporary could be finalized mid-call (Layers.Parameters)
        return detached.clone();
    }
}
