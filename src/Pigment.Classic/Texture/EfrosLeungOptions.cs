using Pigment.Classic.Imaging;
using Pigment.Core;

namespace Pigment.Classic.Texture;

/// <summary>
/// Settings of <see cref="EfrosLeung"/>: output size, the odd neighbourhood window W, the match tolerance ε (choose
/// among matches within (1 + ε) of the best; the paper's 0.1), the largest accepted mean error before a pixel waits
/// for a later round (the paper's MaxErrThreshold 0.3, raised by 10 % whenever a round makes no progress), and the seed.
/// </summary>
public sealed record EfrosLeungOptions
{
    public int Width { get; init; } = 128;

    public int Height { get; init; } = 128;

    public int Window { get; init; } = 11;

    public double Tolerance { get; init; } = 0.1;

    public double MaxError { get; init; } = 0.3;

    public long Seed { get; init; }

    public void Validate(FloatImage sample)
    {
        if (Width is < 1 or > 4096 || Height is < 1 or > 4096)
            throw new PigmentException($"The output size must be from 1 to 4096 pixels, not {Width}x{Height}.");
        if (Window < 3 || Window % 2 == 0)
            throw new PigmentException($"The window must be an odd number of pixels, at least 3, not {Window}.");
        if (Window > sample.Width || Window > sample.Height)
            throw new PigmentException($"The window ({Window}px) is larger than the {sample.Width}x{sample.Height} sample; use a window of at most {Math.Min(sample.Width, sample.Height)}px.");
        if (!(Tolerance >= 0) || double.IsInfinity(Tolerance))
            throw new PigmentException($"The tolerance must be a number ≥ 0, not {Tolerance}.");
        if (!(MaxError > 0) || double.IsInfinity(MaxError))
            throw new PigmentException($"The maximum error must be a positive number, not {MaxError}.");
    }
}
