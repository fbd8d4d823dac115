using Pigment.Classic.Imaging;
using Pigment.Core;

namespace Pigment.Classic.Texture;

/// <summary>
/// Settings of <see cref="ImageQuilting"/>: output size, block size B, overlap O (Efros &amp; Freeman's default is
/// B/6), the tolerance ε of the candidate choice (any block within (1 + ε) of the best overlap error), and the seed.
/// </summary>
public sealed record QuiltingOptions
{
    public int Width { get; init; } = 256;

    public int Height { get; init; } = 256;

    public int Block { get; init; } = 32;

    /// <summary>The overlap in pixels; null means B/6 rounded (at least 1).</summary>
    public int? Overlap { get; init; }

    public double Tolerance { get; init; } = 0.1;

    public long Seed { get; init; }

    public int EffectiveOverlap => Overlap ?? DefaultOverlap(Block);

    /// <summary>B/6 rounded, at least 1.</summary>
    public static int DefaultOverlap(int block) => Math.Max(1, (int)Math.Round(block / 6.0));

    /// <summary>Throws a <see cref="PigmentException"/> naming the first setting that does not fit the sample.</summary>
    public void Validate(FloatImage sample)
    {
        if (Width is < 1 or > 8192 || Height is < 1 or > 8192)
            throw new PigmentException($"The output size must be from 1 to 8192 pixels, not {Width}x{Height}.");
        if (Block < 3)
            throw new PigmentException($"The block size must be at least 3 pixels, not {Block}.");
        if (Block > sample.Width || Block > sample.Height)
            throw new PigmentException($"The block ({Block}px) is larger than the {sample.Width}x{sample.Height} sample; use a block of at most {Math.Min(sample.Width, sample.Height)}px.");
        int overlap = EffectiveOverlap;
        if (overlap < 0 || 2 * overlap > Block)
            throw new PigmentException($"The overlap must be from 0 to half the block ({Block / 2}px), not {overlap}.");
        if (!(Tolerance >= 0) || double.IsInfinity(Tolerance))
            throw new PigmentException($"The tolerance must be a number ≥ 0, not {Tolerance}.");
    }
}
