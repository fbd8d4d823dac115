namespace Pigment.Classic.Noise;

/// <summary>
/// A 2-D noise function on a lattice of unit cells. With <c>period</c> &gt; 0 the function repeats every
/// <c>period</c> cells along both axes, f(x + period, y) = f(x, y + period) = f(x, y), which is what makes an image
/// tile seamlessly; 0 means no period.
/// </summary>
public interface INoise2D
{
    /// <summary>The value at (x, y) in lattice units, roughly in [−1, 1] (Worley: a distance ≥ 0).</summary>
    float Sample(double x, double y, int period);
}
