using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Models.Gan;

/// <summary>What every GAN's generator has in common for sampling: what it draws, and one pass from z (and a label).</summary>
public sealed record GanShape(int ImageSize, int Channels, int LatentDim, IReadOnlyList<string> ClassNames, string Dataset)
{
    /// <summary>0 for an unconditional generator.</summary>
    public int NumClasses => ClassNames.Count;
}

/// <summary>A GAN generator of any lineage (DCGAN, Progressive GAN, …) as the sampling pipeline sees it.</summary>
public interface IGanGenerator
{
    GanShape Shape { get; }

    /// <summary>The network itself (for parameter counts, modes and disposal).</summary>
    nn.Module Network { get; }

    /// <summary>Whether <see cref="Draw"/> takes a truncation.</summary>
    bool Truncatable => false;

    /// <summary>
    /// G(z, y): (B, C, S, S) images in about [−1, 1]; <paramref name="labels"/> is null for an unconditional generator;
    /// <paramref name="truncation"/> is the generator's own truncation trick (StyleGAN's ψ, BigGAN's threshold); null
    /// draws without it. (Not 1: that is "none" for ψ but a strong threshold for BigGAN.)
    /// </summary>
    Tensor Draw(Tensor z, Tensor? labels, double? truncation = null);
}
