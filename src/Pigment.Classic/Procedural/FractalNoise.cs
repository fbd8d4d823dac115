using Pigment.Classic.Noise;
using Pigment.Core;

namespace Pigment.Classic.Procedural;

/// <summary>
/// A fractal sum of octaves of one noise function, optionally domain-warped:
/// <code>
/// fbm(p)        = Σₒ gᵒ n_o(fₒ p) / Σₒ gᵒ,   fₒ = f λᵒ
/// ridged(p)     = Σₒ gᵒ (1 − |n_o(fₒ p)|)² / Σₒ gᵒ
/// turbulence(p) = Σₒ gᵒ |n_o(fₒ p)| / Σₒ gᵒ
/// warped(p)     = fractal(p + w · (q_x(p), q_y(p)))     (Quilez, "Domain warping"; q = two more independent fbm fields)
/// </code>
/// Every octave has its own seed (so octaves do not line up at the origin). p is in image units, [0, 1) across the
/// image; with a period every octave repeats after one image width, so the warped sum does too.
/// </summary>
public sealed class FractalNoise
{
    private readonly ProceduralSettings settings;
    private readonly INoise2D[] octaves;
    private readonly double[] frequencies;
    private readonly double amplitudeSum;
    private readonly FractalNoise? warpX;
    private readonly FractalNoise? warpY;

    public FractalNoise(ProceduralSettings settings)
    {
        settings.Validate();
        this.settings = settings;
        octaves = new INoise2D[settings.Octaves];
        frequencies = new double[settings.Octaves];
        for (int o = 0; o < settings.Octaves; o++)
        {
            int seed = Seeds.Mix(settings.Seed, o);
            octaves[o] = settings.Kind switch
            {
                NoiseKind.Perlin => new PerlinNoise(seed),
                NoiseKind.Simplex => new SimplexNoise(seed),
                NoiseKind.Value => new ValueNoise(seed),
                NoiseKind.Worley => new WorleyNoise(seed, settings.Worley),
                _ => throw new ArgumentOutOfRangeException(nameof(settings)),
            };
            frequencies[o] = settings.OctaveFrequency(o);
            amplitudeSum += Math.Pow(settings.Gain, o);
        }
        if (settings.Warp > 0)
        {
            // The warp fields: plain fbm of the same noise, independent seeds, no warp of their own.
            var field = settings with { Warp = 0, Fractal = FractalKind.Fbm };
            warpX = new FractalNoise(field with { Seed = Seeds.Mix(settings.Seed, 1_000_001) });
            warpY = new FractalNoise(field with { Seed = Seeds.Mix(settings.Seed, 1_000_002) });
        }
    }

    /// <summary>The (unnormalised) value at pixel coordinates (x, y) of an image of <see cref="ProceduralSettings.Size"/> pixels.</summary>
    public double ValueAtPixel(double x, double y) => ValueAt(x / settings.Size, y / settings.Size);

    /// <summary>The value at p = (u, v) in image units (1 = the image width).</summary>
    public double ValueAt(double u, double v)
    {
        if (warpX is not null && warpY is not null)
        {
            double qx = warpX.ValueAt(u, v), qy = warpY.ValueAt(u, v);
            u += settings.Warp * qx;
            v += settings.Warp * qy;
        }
        double sum = 0, amplitude = 1;
        for (int o = 0; o < octaves.Length; o++)
        {
            double f = frequencies[o];
            int period = settings.Tileable ? (int)f : 0;
            double n = octaves[o].Sample(u * f, v * f, period);
            sum += amplitude * settings.Fractal switch
            {
                FractalKind.Ridged => (1 - Math.Abs(n)) * (1 - Math.Abs(n)),
                FractalKind.Turbulence => Math.Abs(n),
                _ => n,
            };
            amplitude *= settings.Gain;
        }
        return sum / amplitudeSum;
    }
}
