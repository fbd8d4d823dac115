namespace Pigment.Core.Conditions;

/// <summary>
/// What a conditional network is asked to draw, one entry per batch item, in a form that knows its unconditional
/// counterpart (∅: the null class, the empty prompt). Classifier-free guidance needs nothing else: it evaluates the
/// network on this and on <see cref="Unconditional"/> (or on a negative condition) in one batch, via
/// <see cref="Concat"/>. A class label, and later a text encoder's output, are kinds of it.
/// </summary>
public abstract record Conditioning
{
    /// <summary>Batch items described.</summary>
    public abstract int Count { get; }

    /// <summary>The unconditional form of the same size: what the network was trained to see when the condition was dropped.</summary>
    public abstract Conditioning Unconditional();

    /// <summary>This batch followed by <paramref name="other"/>'s (of the same kind), for one network pass over both.</summary>
    public abstract Conditioning Concat(Conditioning other);

    /// <summary>Items <paramref name="start"/> … <paramref name="start"/> + <paramref name="count"/> − 1.</summary>
    public abstract Conditioning Slice(int start, int count);
}

/// <summary>No condition: an unconditional model, or a conditional one asked for nothing in particular.</summary>
public sealed record Unconditioned(int Items) : Conditioning
{
    public override int Count => Items;

    public override Conditioning Unconditional() => this;

    public override Conditioning Concat(Conditioning other) => other is Unconditioned u
        ? new Unconditioned(Items + u.Items)
        : throw new ArgumentException($"Cannot batch an unconditional entry with {other.GetType().Name}.");

    public override Conditioning Slice(int start, int count) => new Unconditioned(count);
}

/// <summary>Class labels 0 … K − 1 per item; <paramref name="NullLabel"/> (K) is the unconditional class a model learnt by label dropout.</summary>
public sealed record ClassCondition(IReadOnlyList<int> Labels, int NullLabel) : Conditioning
{
    public override int Count => Labels.Count;

    public override Conditioning Unconditional() => this with { Labels = Enumerable.Repeat(NullLabel, Labels.Count).ToArray() };

    public override Conditioning Concat(Conditioning other) => other is ClassCondition c && c.NullLabel == NullLabel
        ? this with { Labels = Labels.Concat(c.Labels).ToArray() }
        : throw new ArgumentException($"Cannot batch class labels with {other.GetType().Name}.");

    public override Conditioning Slice(int start, int count) => this with { Labels = Labels.Skip(start).Take(count).ToArray() };

    /// <summary>The labels as an int64 tensor on <paramref name="device"/>.</summary>
    public TorchSharp.torch.Tensor ToTensor(TorchSharp.torch.Device device) =>
        TorchSharp.torch.tensor(Labels.Select(l => (long)l).ToArray(), device: device);
}
