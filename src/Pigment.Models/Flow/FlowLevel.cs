using Pigment.Core;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Models.Flow;

/// <summary>
/// One scale of the multi-scale architecture (Real NVP §3.6, Glow Fig. 2b): an optional squeeze, K steps of flow,
/// and (except at the top) a split that factors half the channels out to a prior conditioned on the other half.
/// </summary>
public sealed class FlowLevel : nn.Module
{
    private readonly ModuleList<FlowStep> steps;
    private readonly GaussianPrior? split_prior;

    public FlowLevel(bool squeeze, int channels, int size, int stepCount, int hidden, bool split, int numClasses) : base(nameof(FlowLevel))
    {
        Squeezes = squeeze;
        Channels = channels;
        Size = size;
        steps = nn.ModuleList(Enumerable.Range(0, stepCount).Select(_ => new FlowStep(channels, hidden)).ToArray());
        if (split)
            split_prior = new GaussianPrior(channels / 2, channels - channels / 2, size, size, numClasses);
        RegisterComponents();
    }

    /// <summary>Whether the level squeezes its input first.</summary>
    public bool Squeezes { get; }

    /// <summary>Channels and side inside the level (after the squeeze).</summary>
    public int Channels { get; }

    public int Size { get; }

    public bool Splits => split_prior is not null;

    /// <summary>Channels the level passes on (to the next level, or to the top prior).</summary>
    public int KeptChannels => Splits ? Channels / 2 : Channels;

    /// <summary>x → (h passed on, z factored out or null, log-det of the steps per image).</summary>
    public (Tensor H, Tensor? Z, Tensor LogDet) Encode(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var h = Squeezes ? Squeeze.Forward(x) : x.alias();
        var logDet = torch.zeros(x.shape[0], dtype: x.dtype, device: x.device);
        foreach (var step in steps)
        {
            var (y, ld) = step.call(h);
            h = y;
            logDet = logDet.Plus(ld);
        }
        if (split_prior is null)
            return (h.MoveToOuterDisposeScope(), null, logDet.MoveToOuterDisposeScope());
        var kept = h.narrow(1, 0, KeptChannels);
        var z = h.narrow(1, KeptChannels, Channels - KeptChannels);
        return (kept.MoveToOuterDisposeScope(), z.MoveToOuterDisposeScope(), logDet.MoveToOuterDisposeScope());
    }

    /// <summary>log p(z | h, c) of the factored-out half given the kept half, per image.</summary>
    public Tensor SplitLogPrior(Tensor z, Tensor kept, Tensor? labels)
    {
        if (split_prior is null)
            throw new InvalidOperationException("The top level does not split.");
        using var scope = torch.NewDisposeScope();
        var (mean, logStd) = split_prior.Parameters(z.shape[0], kept, labels);
        return GaussianPrior.LogDensity(z, mean, logStd).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The inverse of <see cref="Encode"/>: joins the kept half with z (given, or drawn from the prior at
    /// temperature T when null), runs the steps backwards and undoes the squeeze.
    /// </summary>
    public Tensor Decode(Tensor h, Tensor? z, Tensor? labels, double temperature, Generator? generator)
    {
        using var scope = torch.NewDisposeScope();
        var full = h;
        if (split_prior is not null)
        {
            z ??= split_prior.Sample(h.shape[0], h, labels, temperature, generator);
            full = torch.cat([h, z], 1);
        }
        for (int i = steps.Count - 1; i >= 0; i--)
            full = steps[i].Reverse(full);
        var x = Squeezes ? Squeeze.Reverse(full) : full.alias();
        return x.MoveToOuterDisposeScope();
    }
}
