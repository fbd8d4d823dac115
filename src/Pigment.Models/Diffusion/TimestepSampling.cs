namespace Pigment.Models.Diffusion;

/// <summary>How training draws the noise level of each example.</summary>
public enum TimestepSampling
{
    /// <summary>t ~ U{0, …, T−1} (Ho et al. 2020).</summary>
    Uniform,

    /// <summary>
    /// ln σ ~ N(mean, std²), σ = √((1−ᾱ)/ᾱ), mapped to the nearest timestep at or above it (Karras et al. 2022): spends
    /// the training on the middle noise levels, where the loss can still fall, rather than on near-pure noise.
    /// </summary>
    LogNormal,
}
