namespace Pigment.Models.Flow;

/// <summary>
/// The shape of a Glow-style multi-scale normalizing flow (Dinh et al. 2017, Real NVP; Kingma &amp; Dhariwal 2018,
/// Glow). Each level squeezes (2×2 space-to-depth, when the side is even), runs <see cref="StepsPerLevel"/> steps of
/// actnorm → invertible 1×1 convolution → affine coupling, and then factors half its channels out to a Gaussian
/// prior conditioned on the other half. For 28×28 MNIST: 28 → 14 → 7, the third level stays at 7×7 unsqueezed.
/// </summary>
public sealed record FlowConfig
{
    public string Family { get; init; } = FlowObjective.FamilyName;

    public int ImageSize { get; init; } = 28;

    public int InChannels { get; init; } = 1;

    public int Levels { get; init; } = 3;

    public int StepsPerLevel { get; init; } = 8;

    /// <summary>Hidden channels of each coupling network (conv3×3 → conv1×1 → zero-initialised conv3×3).</summary>
    public int HiddenChannels { get; init; } = 96;

    /// <summary>
    /// 0 for an unconditional flow; otherwise the number of classes of a class-conditional prior (the top prior and
    /// every split prior get a learned per-class mean and log σ).
    /// </summary>
    public int NumClasses { get; init; }

    /// <summary>α of the logit preprocessing y = logit(α + (1 − 2α) u) (Real NVP uses 0.05).</summary>
    public double LogitAlpha { get; init; } = 0.05;

    public string Dataset { get; init; } = "mnist";
}
