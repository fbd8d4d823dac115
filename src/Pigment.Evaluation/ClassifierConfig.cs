namespace Pigment.Evaluation;

/// <summary>The evaluation classifier's shape and what its classes are.</summary>
public sealed record ClassifierConfig
{
    public string Family { get; init; } = FeatureClassifier.FamilyName;

    public int ImageSize { get; init; } = 28;

    public int InChannels { get; init; } = 1;

    public int NumClasses { get; init; } = 10;

    /// <summary>Channels of the first convolution stage (the second has twice as many).</summary>
    public int Width { get; init; } = 32;

    /// <summary>Convolution stages, each ending in a 2× max-pool: 2 for 28×28, 3 for 64×64.</summary>
    public int Stages { get; init; } = 2;

    /// <summary>Size of the penultimate layer: the features FID and precision/recall are computed on.</summary>
    public int FeatureDim { get; init; } = 128;

    public double Dropout { get; init; } = 0.3;

    public string Dataset { get; init; } = "mnist";

    public IReadOnlyList<string> ClassNames { get; init; } = [];
}
