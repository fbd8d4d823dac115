namespace Pigment.Classic.Procedural;

/// <summary>How the octaves of a fractal sum are shaped before they are added.</summary>
public enum FractalKind
{
    /// <summary>Fractal Brownian motion: Σ aᵒ n(fᵒ p).</summary>
    Fbm,

    /// <summary>Ridged: Σ aᵒ (1 − |n(fᵒ p)|)², sharp crests where the noise crosses zero (mountain ridges).</summary>
    Ridged,

    /// <summary>Turbulence: Σ aᵒ |n(fᵒ p)|, creases at the zero crossings (fire, marble veins).</summary>
    Turbulence,
}
