using System.Globalization;
using Pigment.Classic.Noise;
using Pigment.Core;

namespace Pigment.Classic.Procedural;

/// <summary>
/// Everything that determines a procedural image; the same settings give the same image, bit for bit.
/// Frequency is in lattice cells across the image at the first octave; octave o uses frequency f·λᵒ and amplitude gᵒ
/// (λ = lacunarity, g = gain). When tileable, every octave's frequency is rounded to a whole number of cells so that
/// each octave, and so the sum, repeats exactly once across the image.
/// </summary>
public sealed record ProceduralSettings
{
    public NoiseKind Kind { get; init; } = NoiseKind.Perlin;

    public int Size { get; init; } = 256;

    public int Octaves { get; init; } = 5;

    public double Frequency { get; init; } = 4;

    public double Lacunarity { get; init; } = 2;

    public double Gain { get; init; } = 0.5;

    public FractalKind Fractal { get; init; } = FractalKind.Fbm;

    /// <summary>Domain-warp strength as a fraction of the image width (0 = no warp; 0.1–0.5 are typical).</summary>
    public double Warp { get; init; }

    public bool Tileable { get; init; }

    public WorleyFeature Worley { get; init; } = WorleyFeature.F1;

    public long Seed { get; init; }

    /// <summary>Throws a <see cref="PigmentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (Size is < 1 or > 8192)
            throw new PigmentException($"The size must be from 1 to 8192 pixels, not {Size}.");
        if (Octaves is < 1 or > 16)
            throw new PigmentException($"The number of octaves must be from 1 to 16, not {Octaves}.");
        if (!(Frequency > 0) || Frequency > Size)
            throw new PigmentException($"The frequency must be above 0 and at most the size ({Size}), not {Text(Frequency)}.");
        if (!(Lacunarity >= 1) || Lacunarity > 8)
            throw new PigmentException($"The lacunarity must be from 1 to 8, not {Text(Lacunarity)}.");
        if (!(Gain > 0) || Gain > 1)
            throw new PigmentException($"The gain must be above 0 and at most 1, not {Text(Gain)}.");
        if (!(Warp >= 0) || Warp > 4)
            throw new PigmentException($"The warp must be from 0 to 4, not {Text(Warp)}.");
    }

    /// <summary>Octave o's frequency f·λᵒ, rounded to whole cells (at least 1) when tileable.</summary>
    public double OctaveFrequency(int octave)
    {
        double f = Frequency * Math.Pow(Lacunarity, octave);
        return Tileable ? Math.Max(1, Math.Round(f)) : f;
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
