using System.Security.Cryptography;
using TorchSharp;

namespace Pigment.Core;

/// <summary>Seeds: every stochastic API takes one, and the command line prints and records the one it used.</summary>
public static class Seeds
{
    /// <summary>The seed to use: the given one, or a fresh random one (which the caller should report).</summary>
    public static long Resolve(long? seed) => seed ?? RandomNumberGenerator.GetInt32(int.MaxValue);

    /// <summary>A torch generator on the CPU seeded with <paramref name="seed"/>.</summary>
    public static torch.Generator Generator(long seed) => new torch.Generator((ulong)seed, torch.CPU);

    /// <summary>
    /// Mixes several integers into one 32-bit seed for <see cref="System.Random"/> (SplitMix64 finaliser), so that
    /// for example (dataset seed, item index) gives an independent stream per item.
    /// </summary>
    public static int Mix(params long[] parts)
    {
        ulong h = 0x9E3779B97F4A7C15UL;
        foreach (var p in parts)
        {
            h ^= (ulong)p + 0x9E3779B97F4A7C15UL + (h << 6) + (h >> 2);
            h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9UL;
            h = (h ^ (h >> 27)) * 0x94D049BB133111EBUL;
            h ^= h >> 31;
        }
        return (int)(h & 0x7FFFFFFF);
    }

    /// <summary>
    /// (n, …<paramref name="shape"/>) standard normal draws where item i comes from its own generator seeded
    /// <paramref name="seed"/> + i, so one image of a batch can be reproduced alone with its own seed.
    /// </summary>
    public static torch.Tensor PerItemNormal(int n, long[] shape, long seed)
    {
        var items = new torch.Tensor[n];
        for (int i = 0; i < n; i++)
        {
            using var generator = Generator(seed + i);
            items[i] = torch.randn([1, .. shape], generator: generator);
        }
        var all = torch.cat(items);
        foreach (var item in items)
            item.Dispose();
        return all;
    }
}
