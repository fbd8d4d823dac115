using Pigment.Core.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Models.Gan;

/// <summary>
/// The adversarial game of Goodfellow et al. 2014 between the generator G (the trained model) and the
/// discriminator D (the critic), with the loss chosen in <see cref="GanConfig.Loss"/>:
/// D descends −[log D(x) + log(1 − D(G(z)))] (or the hinge form), G descends −log D(G(z)) (non-saturating),
/// log(1 − D(G(z))) (minimax) or −D(G(z)) (hinge). For a class-conditional GAN, G(z, y) draws the batch's own
/// labels y, and the projection discriminator judges (x, y) pairs.
/// </summary>
public sealed class GanObjective : IAdversarialObjective
{
    public const string FamilyName = "gan";

    public GanObjective(GanConfig config)
    {
        Config = config;
        Generator = new DcganGenerator(config);
        Discriminator = new DcganDiscriminator(config);
    }

    public GanConfig Config { get; }

    public DcganGenerator Generator { get; }

    public DcganDiscriminator Discriminator { get; }

    public string Family => FamilyName;

    public nn.Module Model => Generator;

    public nn.Module Critic => Discriminator;

    public nn.Module CreateModel() => new DcganGenerator(Config);

    public Tensor CriticLoss(nn.Module model, Batch batch, torch.Generator generator)
    {
        using var scope = torch.NewDisposeScope();
        var labels = Labels(batch);
        Tensor fake;
        using (torch.no_grad())
            fake = Generate((DcganGenerator)model, batch.Images.shape[0], labels, generator);
        var realLogits = Discriminator.call(batch.Images, labels);
        var fakeLogits = Discriminator.call(fake, labels);
        return GanLoss.Discriminator(Config.Loss, realLogits, fakeLogits).MoveToOuterDisposeScope();
    }

    public Tensor Loss(nn.Module model, Batch batch, torch.Generator generator)
    {
        using var scope = torch.NewDisposeScope();
        var labels = Labels(batch);
        var fake = Generate((DcganGenerator)model, batch.Images.shape[0], labels, generator);
        return GanLoss.Generator(Config.Loss, Discriminator.call(fake, labels)).MoveToOuterDisposeScope();
    }

    /// <summary>G(z, y) for z ~ N(0, I), (B, C, H, W) in [−1, 1].</summary>
    public static Tensor Generate(DcganGenerator generator, long count, Tensor? labels, torch.Generator random)
    {
        using var z = torch.randn([count, generator.Config.LatentDim], generator: random).to(labels?.device ?? torch.CPU);
        return generator.call(z, labels);
    }

    private Tensor? Labels(Batch batch) => Config.NumClasses > 0 ? batch.Labels : null;
}
