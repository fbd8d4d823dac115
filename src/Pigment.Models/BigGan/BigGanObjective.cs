using Pigment.Core;
using Pigment.Core.Data;
using Pigment.Models.Gan;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Models.BigGan;

/// <summary>
/// BigGAN's game: the hinge loss on class-conditional pairs (G draws the batch's own classes), with orthogonal
/// regularisation of G's weights, β Σ ‖W Wᵀ ⊙ (1 − I)‖²_F over every convolution and linear weight W (rows = output
/// channels): BigGAN's relaxed form, which asks filters to be orthogonal to each other without fixing their norms.
/// </summary>
public sealed class BigGanObjective : IAdversarialObjective
{
    public const string FamilyName = "biggan";

    public BigGanObjective(BigGanConfig config)
    {
        Config = config;
        Generator = new BigGanGenerator(config);
        Discriminator = new BigGanDiscriminator(config);
    }

    public BigGanConfig Config { get; }

    public BigGanGenerator Generator { get; }

    public BigGanDiscriminator Discriminator { get; }

    public string Family => FamilyName;

    public nn.Module Model => Generator;

    public nn.Module Critic => Discriminator;

    public nn.Module CreateModel() => new BigGanGenerator(Config);

    public Tensor CriticLoss(nn.Module model, Batch batch, torch.Generator generator)
    {
        using var scope = torch.NewDisposeScope();
        var labels = batch.Labels ?? throw new PigmentException("BigGAN trains on a labelled dataset.");
        Tensor fake;
        using (torch.no_grad())
            fake = Draw((BigGanGenerator)model, labels, generator);
        var loss = GanLoss.Discriminator(GanLossKind.Hinge, Discriminator.call(batch.Images, labels), Discriminator.call(fake, labels));
        return loss.MoveToOuterDisposeScope();
    }

    public Tensor Loss(nn.Module model, Batch batch, torch.Generator generator)
    {
        using var scope = torch.NewDisposeScope();
        var g = (BigGanGenerator)model;
        var labels = batch.Labels ?? throw new PigmentException("BigGAN trains on a labelled dataset.");
        var loss = GanLoss.Generator(GanLossKind.Hinge, Discriminator.call(Draw(g, labels, generator), labels));
        if (Config.Orthogonal > 0)
            loss = loss.Plus(OrthogonalPenalty(g).Mul(Config.Orthogonal));
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>Σ ‖W Wᵀ ⊙ (1 − I)‖²_F over the generator's convolution and linear weights (not the class embedding).</summary>
    public static Tensor OrthogonalPenalty(BigGanGenerator generator)
    {
        using var scope = torch.NewDisposeScope();
        var total = torch.zeros(1);
        foreach (var (name, parameter) in generator.named_parameters())
        {
            if (parameter.dim() < 2 || name.StartsWith("shared", StringComparison.Ordinal))
                continue;
            total = total.Plus(OrthogonalPenalty(parameter));
        }
        return total.squeeze().MoveToOuterDisposeScope();
    }

    /// <summary>‖W Wᵀ ⊙ (1 − I)‖²_F for one weight, its rows (output channels) flattened: 0 when the rows are orthogonal.</summary>
    public static Tensor OrthogonalPenalty(Tensor weight)
    {
        using var scope = torch.NewDisposeScope();
        var w = weight.reshape(weight.shape[0], -1);
        var gram = w.matmul(w.t());
        var offDiagonal = gram.mul(torch.eye(gram.shape[0]).RSub(1));
        return offDiagonal.square().sum().MoveToOuterDisposeScope();
    }

    private static Tensor Draw(BigGanGenerator generator, Tensor labels, torch.Generator random)
    {
        using var z = torch.randn([labels.shape[0], generator.Config.LatentDim], generator: random);
        return generator.call(z, labels);
    }
}
