using Pigment.Core;
using Pigment.Core.Data;
using Pigment.Models.Gan;
using Pigment.Models.ProGan;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Models.StyleGan;

/// <summary>
/// StyleGAN's game: the non-saturating loss with lazy R1 on reals (as in StyleGAN2), style-mixing regularisation
/// (for a share of batches, every image switches from w₁ to w₂ of a second z at a random layer, so neighbouring layers'
/// styles cannot rely on each other), and the mean w̄ tracked for the truncation trick. The discriminator is
/// Progressive GAN's at full resolution (minibatch standard deviation, equalized learning rate), not StyleGAN2's
/// residual one: the lineage's defining change is in the generator.
/// </summary>
public sealed class StyleGanObjective : IAdversarialObjective, IStepAwareObjective
{
    public const string FamilyName = "stylegan";

    private int _step;

    public StyleGanObjective(StyleGanConfig config)
    {
        Config = config;
        Generator = new StyleGanGenerator(config);
        Discriminator = new ProGanDiscriminator(new ProGanConfig
        {
            ImageSize = config.ImageSize, Channels = config.Channels, Widths = config.Widths, Dataset = config.Dataset,
        });
    }

    public StyleGanConfig Config { get; }

    public StyleGanGenerator Generator { get; }

    public ProGanDiscriminator Discriminator { get; }

    public string Family => FamilyName;

    public nn.Module Model => Generator;

    public nn.Module Critic => Discriminator;

    public nn.Module CreateModel() => new StyleGanGenerator(Config);

    public void BeginStep(int step) => _step = step;

    public Tensor CriticLoss(nn.Module model, Batch batch, torch.Generator generator)
    {
        using var scope = torch.NewDisposeScope();
        var reals = batch.Images;
        Tensor fake;
        using (torch.no_grad())
            fake = Draw((StyleGanGenerator)model, reals.shape[0], generator, track: false);
        bool regularise = Config.R1Gamma > 0 && _step % Config.R1Every == 0;
        return GanLoss.CriticWithR1(Discriminator.call, reals, fake, Config.R1Gamma, Config.R1Every, regularise).MoveToOuterDisposeScope();
    }

    public Tensor Loss(nn.Module model, Batch batch, torch.Generator generator)
    {
        using var scope = torch.NewDisposeScope();
        var fake = Draw((StyleGanGenerator)model, batch.Images.shape[0], generator, track: true);
        return GanLoss.Generator(GanLossKind.NonSaturating, Discriminator.call(fake)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// A training batch of the generator: w = f(z) for every image, and with probability <see cref="StyleGanConfig.StyleMixing"/>
    /// the batch's layers from a random crossover on take w₂ = f(z₂) instead (the crossover drawn once per batch).
    /// </summary>
    public Tensor Draw(StyleGanGenerator generator, long count, torch.Generator random, bool track)
    {
        using var scope = torch.NewDisposeScope();
        int layers = Config.StyleCount;
        var w = generator.Map(torch.randn([count, Config.LatentDim], generator: random));
        if (track)
            generator.TrackAverage(w);
        var ws = w.unsqueeze(1).expand(-1, layers, -1);
        using var coin = torch.rand([2], generator: random);
        double mix = coin[0].item<float>(), where = coin[1].item<float>();
        if (mix < Config.StyleMixing)
        {
            int crossover = 1 + (int)(where * (layers - 1));                      // 1 … L−1: both w's are used
            var w2 = generator.Map(torch.randn([count, Config.LatentDim], generator: random)).unsqueeze(1).expand(-1, layers, -1);
            using var second = torch.tensor(Enumerable.Range(0, layers).Select(l => l >= crossover).ToArray()).reshape(1, layers, 1);
            ws = torch.where(second, w2, ws);
        }
        return generator.Synthesize(ws).MoveToOuterDisposeScope();
    }
}
