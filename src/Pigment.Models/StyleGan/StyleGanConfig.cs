namespace Pigment.Models.StyleGan;

/// <summary>The shape and training game of a StyleGAN (the StyleGAN2 generator).</summary>
public sealed record StyleGanConfig
{
    public string Family { get; init; } = StyleGanObjective.FamilyName;

    public int ImageSize { get; init; } = 64;

    public int Channels { get; init; } = 3;

    /// <summary>Dimensions of z and of the intermediate latent w.</summary>
    public int LatentDim { get; init; } = 128;

    /// <summary>Layers of the mapping network z → w (8 in the paper).</summary>
    public int MappingLayers { get; init; } = 4;

    /// <summary>Feature channels at each resolution from 4×4 up.</summary>
    public IReadOnlyList<int> Widths { get; init; } = [128, 128, 64, 32, 16];

    /// <summary>The share of training batches whose styles switch from one w to another at a random layer.</summary>
    public double StyleMixing { get; init; } = 0.9;

    /// <summary>Weight γ of the R1 penalty on real images.</summary>
    public double R1Gamma { get; init; } = 1.0;

    /// <summary>R1 is computed every this many steps and scaled by it (lazy regularisation).</summary>
    public int R1Every { get; init; } = 4;

    /// <summary>How fast the tracked mean w̄ follows the batches' w: w̄ ← w̄ + (1 − β)(mean w − w̄).</summary>
    public double WAverageBeta { get; init; } = 0.995;

    public string Dataset { get; init; } = "emoji";

    public int Stages => Widths.Count;

    /// <summary>How many w the synthesis network reads: one per convolution (1 at 4×4, 2 per later resolution) and one for the last toRGB.</summary>
    public int StyleCount => 2 * Stages;
}
