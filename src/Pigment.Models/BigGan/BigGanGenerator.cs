using Pigment.Core;
using Pigment.Models.Gan;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Models.BigGan;

/// <summary>
/// The BigGAN generator (Brock et al. 2019), small and class-conditional. z is split into chunks (the hierarchical
/// latent): the first goes through a linear layer to a 4×4 grid, and each residual up-block's conditional BatchNorms get
/// [the shared class embedding, its own chunk]. A SAGAN self-attention block sits at one resolution; the output is
/// BN–ReLU–conv3×3–tanh. Every convolution and linear layer is spectrally normalised. The truncation trick draws
/// z from a normal truncated at ±threshold (the same distribution as resampling each entry until it falls inside).
/// </summary>
public sealed class BigGanGenerator : nn.Module<Tensor, Tensor, Tensor>, IGanGenerator
{
    private readonly Embedding shared;
    private readonly SnLinear input;
    private readonly ModuleList<GeneratorBlock> blocks;
    private readonly GanSelfAttention? attention;
    private readonly BatchNorm2d output_norm;
    private readonly SnConv2d output_conv;
    private readonly int _attentionAfter;

    public BigGanGenerator(BigGanConfig config) : base(nameof(BigGanGenerator))
    {
        if (4 << config.Blocks != config.ImageSize)
            throw new PigmentException($"{config.Widths.Count} widths grow 4×4 to {4 << config.Blocks}, not to the image size {config.ImageSize}.");
        if (config.LatentDim % (config.Blocks + 1) != 0)
            throw new PigmentException($"z ({config.LatentDim}) must split into {config.Blocks + 1} equal chunks (one for the input, one per block).");
        if (config.NumClasses < 1)
            throw new PigmentException("BigGAN is class-conditional: it needs the dataset's class names.");
        Config = config;
        var widths = config.Widths;
        shared = nn.Embedding(config.NumClasses, config.ClassEmbedDim);
        input = new SnLinear(config.ChunkSize, widths[0] * 16);
        blocks = new ModuleList<GeneratorBlock>();
        _attentionAfter = -1;
        for (int s = 1; s <= config.Blocks; s++)
        {
            blocks.Add(new GeneratorBlock(widths[s - 1], widths[s], config.ClassEmbedDim + config.ChunkSize));
            if (4 << s == config.AttentionResolution)
            {
                attention = new GanSelfAttention(widths[s]);
                _attentionAfter = s - 1;
            }
        }
        output_norm = nn.BatchNorm2d(widths[^1]);
        output_conv = new SnConv2d(widths[^1], config.Channels, 3, 1, 1, true);
        RegisterComponents();
    }

    public BigGanConfig Config { get; }

    public GanShape Shape => new(Config.ImageSize, Config.Channels, Config.LatentDim, Config.ClassNames, Config.Dataset);

    public nn.Module Network => this;

    public bool Truncatable => true;

    /// <param name="truncation">the threshold of the truncation trick (z entries kept within ±threshold): 2 is mild, 0.5
    /// strong; null (or ≥ 4, where almost no draw is changed) is none</param>
    public Tensor Draw(Tensor z, Tensor? labels, double? truncation = null)
    {
        if (labels is null)
            throw new PigmentException("BigGAN is class-conditional: give each image a class.");
        if (truncation is not { } threshold || threshold >= 4)
            return call(z, labels);
        using var truncated = TruncateNormal(z, threshold);
        return call(truncated, labels);
    }

    /// <summary>
    /// Maps standard normal draws to draws from the normal truncated at ±t, entry by entry, through the CDF:
    /// z′ = Φ⁻¹(Φ(−t) + Φ(z)·(Φ(t) − Φ(−t))). Deterministic in z, so image i still depends on its seed alone.
    /// </summary>
    public static Tensor TruncateNormal(Tensor z, double threshold)
    {
        if (!(threshold > 0))
            throw new PigmentException($"The truncation threshold must be above 0, not {threshold}.");
        using var scope = torch.NewDisposeScope();
        double low = NormalCdf(-threshold), span = NormalCdf(threshold) - low;
        var u = torch.special.erf(z.Div(Math.Sqrt(2))).Add(1).Div(2);               // Φ(z)
        var p = u.Mul(span).Add(low);
        var result = torch.special.erfinv(p.Mul(2).Sub(1)).Mul(Math.Sqrt(2));
        return result.Clamp(-threshold, threshold).MoveToOuterDisposeScope();
    }

    private static double NormalCdf(double x) => 0.5 * (1 + Erf(x / Math.Sqrt(2)));

    private static double Erf(double x)
    {
        using var t = torch.tensor(x, dtype: ScalarType.Float64);
        using var e = torch.special.erf(t);
        return e.item<double>();
    }

    /// <param name="z">(B, LatentDim) latent</param>
    /// <param name="labels">(B) classes</param>
    public override Tensor forward(Tensor z, Tensor labels)
    {
        using var scope = torch.NewDisposeScope();
        var chunks = z.split(Config.ChunkSize, 1);
        var embedding = shared.call(labels);
        var h = input.call(chunks[0]).reshape(-1, Config.Widths[0], 4, 4);
        for (int i = 0; i < blocks.Count; i++)
        {
            h = blocks[i].call(h, torch.cat([embedding, chunks[i + 1]], 1));
            if (i == _attentionAfter)
                h = attention!.call(h);
        }
        h = nn.functional.relu(output_norm.call(h));
        return torch.tanh(output_conv.call(h)).MoveToOuterDisposeScope();
    }
}
