using Pigment.Core;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Models.Flow;

/// <summary>
/// A Glow-style multi-scale flow f: y ↦ (z_1, …, z_L) with exact log-likelihood by the change of variables
/// log p(y) = Σ_l log p(z_l | h_l, c) + log |det ∂f/∂y| (Dinh et al. 2017 eq. 3). Inputs y are the
/// logit-transformed dequantized images (see <see cref="Dequantization"/>); outputs of <see cref="Sample"/> too.
/// With <see cref="FlowConfig.NumClasses"/> &gt; 0 every prior is also conditioned on the class c.
/// </summary>
public sealed class Glow : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly ModuleList<FlowLevel> levels;
    private readonly GaussianPrior top_prior;

    public Glow(FlowConfig config) : base(nameof(Glow))
    {
        if (config.Levels < 1 || config.StepsPerLevel < 1 || config.HiddenChannels < 1)
            throw new PigmentException("A flow needs at least one level, one step per level and one hidden channel.");
        Config = config;
        int c = config.InChannels, size = config.ImageSize;
        var list = new List<FlowLevel>();
        for (int l = 0; l < config.Levels; l++)
        {
            bool squeeze = size % 2 == 0 && size >= 2;
            if (squeeze)
            {
                c *= 4;
                size /= 2;
            }
            if (c % 2 != 0)
                throw new PigmentException($"Flow level {l + 1} has {c} channels at {size}×{size}; the couplings need an even count (use an image side that can be squeezed).");
            bool split = l < config.Levels - 1;
            var level = new FlowLevel(squeeze, c, size, config.StepsPerLevel, config.HiddenChannels, split, config.NumClasses);
            list.Add(level);
            c = level.KeptChannels;
        }
        levels = nn.ModuleList(list.ToArray());
        TopChannels = c;
        TopSize = size;
        top_prior = new GaussianPrior(0, c, size, size, config.NumClasses);
        RegisterComponents();
    }

    public FlowConfig Config { get; }

    public int TopChannels { get; }

    public int TopSize { get; }

    /// <summary>Dimensions D of an image.</summary>
    public int Dimensions => Config.InChannels * Config.ImageSize * Config.ImageSize;

    public bool IsConditional => Config.NumClasses > 0;

    /// <summary>The flow's levels, bottom (full resolution) first.</summary>
    public IReadOnlyList<FlowLevel> Levels => levels.ToList();

    /// <summary>log p(y | c) in nats per image, (B).</summary>
    public override Tensor forward(Tensor y, Tensor? labels)
    {
        var (zs, logDet, logPrior) = Encode(y, labels);
        using (logDet)
        using (logPrior)
        {
            foreach (var z in zs)
                z.Dispose();
            return logPrior.Plus(logDet);                                            // log p(y) = log p(z) + log |det ∂z/∂y|
        }
    }

    /// <summary>
    /// y → the latents z_1 … z_L (each level's factored-out half, then the top), log |det ∂z/∂y| and
    /// Σ_l log p(z_l | ·), per image.
    /// </summary>
    public (List<Tensor> Zs, Tensor LogDet, Tensor LogPrior) Encode(Tensor y, Tensor? labels)
    {
        CheckLabels(labels);
        using var scope = torch.NewDisposeScope();
        var (zs, conditions, logDet) = RunForward(y);
        var logPrior = LogPrior(zs, conditions, labels);
        foreach (var z in zs)
            z.MoveToOuterDisposeScope();
        return (zs, logDet.MoveToOuterDisposeScope(), logPrior.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// log p(y | c) for every class c, (B, classes), in one pass through the flow: only the priors depend on c.
    /// With a uniform p(c), log p(y) = logsumexp_c log p(y | c) − log K.
    /// </summary>
    public Tensor LogProbPerClass(Tensor y)
    {
        if (!IsConditional)
            throw new InvalidOperationException("An unconditional flow has no classes.");
        using var scope = torch.NewDisposeScope();
        var (zs, conditions, logDet) = RunForward(y);
        var columns = new List<Tensor>();
        for (int c = 0; c < Config.NumClasses; c++)
        {
            var labels = ScalarMath.Full([y.shape[0]], (long)c, ScalarType.Int64, y.device);
            columns.Add(logDet.Plus(LogPrior(zs, conditions, labels)));             // log p(y | c) = log |det| + log p(z | c)
        }
        return torch.stack(columns, 1).MoveToOuterDisposeScope();
    }

    /// <summary>Runs the levels: the latents, each split's condition (the kept half), and the summed log-det.</summary>
    private (List<Tensor> Zs, List<Tensor> Conditions, Tensor LogDet) RunForward(Tensor y)
    {
        var zs = new List<Tensor>();
        var conditions = new List<Tensor>();
        var h = y;
        var logDet = torch.zeros(y.shape[0], dtype: y.dtype, device: y.device);
        foreach (var level in levels)
        {
            var (kept, z, ld) = level.Encode(h);
            h = kept;
            logDet = logDet.Plus(ld);
            if (z is not null)
            {
                zs.Add(z);
                conditions.Add(kept);
            }
        }
        zs.Add(h);
        return (zs, conditions, logDet);
    }

    /// <summary>Σ_l log p(z_l | h_l, c) + log p(z_top | c).</summary>
    private Tensor LogPrior(List<Tensor> zs, List<Tensor> conditions, Tensor? labels)
    {
        long b = zs[0].shape[0];
        var total = torch.zeros(b, dtype: zs[0].dtype, device: zs[0].device);
        int i = 0;
        foreach (var level in levels)
        {
            if (!level.Splits)
                continue;
            total = total.Plus(level.SplitLogPrior(zs[i], conditions[i], labels));
            i++;
        }
        var (mean, logStd) = top_prior.Parameters(b, null, labels);
        return total.Plus(GaussianPrior.LogDensity(zs[^1], mean, logStd));
    }

    /// <summary>The inverse: latents (as <see cref="Encode"/> returns them) → y.</summary>
    public Tensor Decode(IReadOnlyList<Tensor> zs, Tensor? labels) => Run(zs, labels, zs[^1].shape[0], 1.0, null);

    /// <summary>
    /// y for latents drawn from the priors at temperature T: z_l = μ_l + T σ_l ε_l, ε_l ~ N(0, I) (Glow §5
    /// "temperature"), top first and each split given the levels above it.
    /// </summary>
    public Tensor Sample(int count, Tensor? labels, double temperature, Generator? generator) =>
        Run(null, labels, count, temperature, generator);

    private Tensor Run(IReadOnlyList<Tensor>? zs, Tensor? labels, long count, double temperature, Generator? generator)
    {
        CheckLabels(labels);
        using var scope = torch.NewDisposeScope();
        var h = zs is not null ? zs[^1] : top_prior.Sample(count, null, labels, temperature, generator);
        int split = zs is null ? 0 : zs.Count - 2;
        for (int l = levels.Count - 1; l >= 0; l--)
        {
            Tensor? z = null;
            if (levels[l].Splits && zs is not null)
                z = zs[split--];
            h = levels[l].Decode(h, z, labels, temperature, generator);
        }
        return h.MoveToOuterDisposeScope();
    }

    private void CheckLabels(Tensor? labels)
    {
        if (IsConditional && labels is null)
            throw new PigmentException("This flow is class-conditional: it needs labels.");
        if (!IsConditional && labels is not null)
            throw new PigmentException("This flow is unconditional: it takes no labels.");
    }
}
