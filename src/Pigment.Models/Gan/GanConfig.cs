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

    /// <summary>0 for unconditional; otherwise G gets a label embedding and D a projection (Miyato &amp; Koyama 2018).</summary>
    public int NumClasses { get; init; }

    public GanLossKind Loss { get; init; } = GanLossKind.NonSaturating;

    /// <summary>Spectral normalisation of the discriminator's weights (Miyato et al. 2018).</summary>
    public bool SpectralNorm { get; init; }

    public string Dataset { get; init; } = "mnist";

    public IReadOnlyList<string> ClassNames { get; init; } = [];
}
