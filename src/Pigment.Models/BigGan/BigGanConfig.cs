namespace Pigment.Models.BigGan;

/// <summary>The shape and training game of a BigGAN.</summary>
public sealed record BigGanConfig
{
    public string Family { get; init; } = BigGanObjective.FamilyName;

    public int ImageSize { get; init; } = 64;

    public int Channels { get; init; } = 3;

    /// <summary>Dimensions of z, split into one chunk for the input layer and one for each generator block (hierarchical latent).</summary>
    public int LatentDim { get; init; } = 100;

    /// <summary>Dimensions of the class embedding shared by every conditional BatchNorm.</summary>
    public int ClassEmbedDim { get; init; } = 64;

    /// <summary>Feature channels at each resolution from 4×4 up.</summary>
    public IReadOnlyList<int> Widths { get; init; } = [128, 128, 64, 32, 16];

    /// <summary>The resolution of the self-attention block in G and D (SAGAN, Zhang et al. 2019).</summary>
    public int AttentionResolution { get; init; } = 32;

    /// <summary>β of the orthogonal regularisation of G's weights: β‖WᵀW ⊙ (1 − I)‖²_F.</summary>
    public double Orthogonal { get; init; } = 1e-4;

    public string Dataset { get; init; } = "emoji";

    public IReadOnlyList<string> ClassNames { get; init; } = [];

    public int NumClasses => ClassNames.Count;

    public int Blocks => Widths.Count - 1;

    /// <summary>The size of each z chunk: z splits into <see cref="Blocks"/> + 1 equal parts.</summary>
    public int ChunkSize => LatentDim / (Blocks + 1);
}
