namespace Pigment.Classic.Texture;

/// <summary>
/// Chooses among candidates whose error is within (1 + tolerance) of the best, uniformly at random (Efros &amp; Leung
/// 1999; Efros &amp; Freeman 2001 use tolerance 0.1). A small absolute slack, <paramref name="slack"/>, keeps exact
/// matches together when floating-point rounding makes their zero errors differ slightly.
/// </summary>
internal static class CandidatePicker
{
    /// <summary>The chosen index into <paramref name="errors"/>; the best error is returned in <paramref name="best"/>.</summary>
    public static int Pick(ReadOnlySpan<float> errors, double tolerance, double slack, Random random, out float best)
    {
        best = float.MaxValue;
        foreach (var e in errors)
            best = Math.Min(best, e);
        // error ≤ (1 + ε) · min
        double threshold = (1 + tolerance) * best + slack;
        int count = 0;
        foreach (var e in errors)
        {
            if (e <= threshold)
                count++;
        }
        int pick = random.Next(count);
        for (int i = 0; i < errors.Length; i++)
        {
            if (errors[i] <= threshold && pick-- == 0)
                return i;
        }
        throw new InvalidOperationException("No candidate within the threshold (NaN errors?).");
    }
}
