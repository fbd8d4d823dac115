using Pigment.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Samplers;

/// <summary>
/// Where a stochastic sampler's step noise z ~ N(0, I) comes from. Per item: item j of the batch draws from its own
/// generator seeded from <c>firstSeed + j</c>, so an image's noise depends on its own seed alone and image i of a
/// batch is the single image of seed + i, for stochastic samplers too. Shared: the whole batch from one generator
/// (what the oracle tests use).
/// </summary>
public sealed class StepNoise : IDisposable
{
    private readonly Generator[] _generators;
    private readonly bool _owned;

    private StepNoise(Generator[] generators, bool owned)
    {
        _generators = generators;
        _owned = owned;
    }

    public static StepNoise Shared(Generator generator) => new([generator], owned: false);

    /// <summary>Item j from a generator seeded by (firstSeed + j, 7).</summary>
    public static StepNoise PerItem(long firstSeed, int count) =>
        new(Enumerable.Range(0, count).Select(j => Seeds.Generator(Seeds.Mix(firstSeed + j, 7))).ToArray(), owned: true);

    /// <summary>Standard normal noise of <paramref name="shape"/> (batch first) on <paramref name="device"/>.</summary>
    public Tensor Normal(long[] shape, Device device)
    {
        if (_generators.Length == 1 && !_owned)
            return torch.randn(shape, generator: _generators[0]).to(device);
        if (shape[0] != _generators.Length)
            throw new ArgumentException($"Per-item noise for {_generators.Length} items, asked for a batch of {shape[0]}.");
        using var scope = torch.NewDisposeScope();
        var items = _generators.Select(g => torch.randn([1, .. shape[1..]], generator: g)).ToArray();
        return torch.cat(items).to(device).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        if (_owned)
            foreach (var g in _generators)
                g.Dispose();
    }
}
