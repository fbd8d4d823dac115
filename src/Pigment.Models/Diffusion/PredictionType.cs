namespace Pigment.Models.Diffusion;

/// <summary>What the network predicts from x_t.</summary>
public enum PredictionType
{
    /// <summary>The noise ε (Ho et al. 2020, the L_simple objective).</summary>
    Epsilon,

    /// <summary>The velocity v = √ᾱ_t ε − √(1−ᾱ_t) x_0 (Salimans &amp; Ho 2022).</summary>
    Velocity,
}
