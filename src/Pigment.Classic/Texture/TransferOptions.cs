using System.Globalization;
using Pigment.Classic.Imaging;
using Pigment.Core;

namespace Pigment.Classic.Texture;

/// <summary>
/// Settings of <see cref="TextureTransfer"/>. Pass i of P (i = 1…P) uses block Bᵢ = B·(2/3)^(i−1) (Efros &amp; Freeman
/// reduce the block by a third each pass), overlap Bᵢ/6, and the texture weight
/// αᵢ = 0.1 + (α − 0.1)·(i − 1)/(P − 1), rising from 0.1 to α (the paper's schedule is α = 0.9); a single pass uses α.
/// </summary>
public sealed record TransferOptions
{
    public int Block { get; init; } = 32;

    public double Alpha { get; init; } = 0.8;

    public int Passes { get; init; } = 3;

    public double Tolerance { get; init; } = 0.1;

    /// <summary>σ in pixels of the Gaussian blur applied to both luminances before they are compared (0 = none).</summary>
    public double CorrespondenceBlur { get; init; } = 3;

    public long Seed { get; init; }

    /// <summary>Bᵢ = round(B·(2/3)^(i−1)), at least 3 (pass = 1…P).</summary>
    public int BlockOfPass(int pass) => Math.Max(3, (int)Math.Round(Block * Math.Pow(2.0 / 3.0, pass - 1)));

    /// <summary>αᵢ = 0.1 + (α − 0.1)·(i − 1)/(P − 1); α when there is one pass.</summary>
    public double AlphaOfPass(int pass) => Passes == 1 ? Alpha : 0.1 + (Alpha - 0.1) * (pass - 1) / (Passes - 1);

    public void Validate(FloatImage sample, FloatImage target)
    {
        if (Block < 3)
            throw new PigmentException($"The block size must be at least 3 pixels, not {Block}.");
        if (Block > sample.Width || Block > sample.Height)
            throw new PigmentException($"The block ({Block}px) is larger than the {sample.Width}x{sample.Height} sample; use a block of at most {Math.Min(sample.Width, sample.Height)}px.");
        if (!(Alpha >= 0) || Alpha > 1)
            throw new PigmentException($"Alpha must be from 0 to 1, not {Alpha.ToString(CultureInfo.InvariantCulture)}.");
        if (Passes is < 1 or > 10)
            throw new PigmentException($"The number of passes must be from 1 to 10, not {Passes}.");
        if (!(Tolerance >= 0) || double.IsInfinity(Tolerance))
            throw new PigmentException($"The tolerance must be a number ≥ 0, not {Tolerance.ToString(CultureInfo.InvariantCulture)}.");
        if (target.Width > 8192 || target.Height > 8192)
            throw new PigmentException($"The target may be at most 8192x8192 pixels, not {target.Width}x{target.Height}.");
    }
}
