namespace Pigment.Models.Gan;

/// <summary>The shape and training game of a DCGAN.</summary>
public sealed record GanConfig
{
    public string Family { get; init; } = "gan";

    public int ImageSize { get; init; } = 28;

    public int Channels { get; init; } = 1;

    public int LatentDim { get; init; } = 64;

    /// <summary>Channels of the generator's last hidden layer and the discriminator's first; the others double.</summary>
    public int Width { get; init; } = 64;

    /// <summary>
    /// How many times the generator doubles the resolution (and the discriminator halves it): 2 for 28×28 digits
    /// (7 → 14 → 28), 4 for 64×64 emoji (4 → 8 → 16 → 32 → 64), as in Radford et al.'s 64×64 DCGAN.
    /// </summary>
    public int Levels { get; init; } = 2;

    /// <summary>0 for unconditional; otherwise G gets a label embedding and D a projection (Miyato &amp; Koyama 2018).</summary>
    public int NumClasses { get; init; }

    public GanLossKind Loss { get; init; } = GanLossKind.NonSaturating;

    /// <summary>Spectral normalisation of the discriminator's weights (Miyato et al. 2018).</summary>
    public bool SpectralNorm { get; init; }

    public string Dataset { get; init; } = "mnist";

    public IReadOnlyList<string> ClassNames { get; init; } = [];
}
