using Pigment.Core.Diffusion;

namespace Pigment.Models.Diffusion;

/// <summary>
/// Everything needed to rebuild a trained diffusion model: the UNet, the forward process it was trained with,
/// what it predicts, and what its labels mean. Saved as config.json beside model.safetensors.
/// </summary>
public sealed record DiffusionModelConfig
{
    public string Family { get; init; } = DiffusionObjective.FamilyName;

    public UNetConfig Unet { get; init; } = new();

    public NoiseScheduleConfig Schedule { get; init; } = new();

    public PredictionType Prediction { get; init; } = PredictionType.Epsilon;

    /// <summary>How training draws noise levels (configs written before this existed mean uniform).</summary>
    public TimestepSampling Timesteps { get; init; } = TimestepSampling.Uniform;

    /// <summary>Mean of ln σ for <see cref="TimestepSampling.LogNormal"/>.</summary>
    public double LogSigmaMean { get; init; } = -0.8;

    /// <summary>Standard deviation of ln σ for <see cref="TimestepSampling.LogNormal"/>.</summary>
    public double LogSigmaStd { get; init; } = 1.4;

    /// <summary>Probability of replacing a label by the null label in training (for classifier-free guidance).</summary>
    public double LabelDropout { get; init; } = 0.1;

    public string Dataset { get; init; } = "";

    public IReadOnlyList<string> ClassNames { get; init; } = [];
}
