namespace Pigment.Classic.Noise;

/// <summary>
/// Value noise: a pseudo-random value in [−1, 1] at every lattice point, blended across the cell with the quintic
/// fade 6t⁵ − 15t⁴ + 10t³ (smoother than bilinear, but blockier than gradient noise: the extremes sit on the lattice).
/// </summary>
public sealed class ValueNoise(int seed) : INoise2D
{
    public float Sample(double x, double y, int period)
    {
        double fx = Math.Floor(x), fy = Math.Floor(y);
        int i = (int)fx, j = (int)fy;
        int i0 = LatticeHash.Wrap(i, period), i1 = LatticeHash.Wrap(i + 1, period);
        int j0 = LatticeHash.Wrap(j, period), j1 = LatticeHash.Wrap(j + 1, period);
        double u = LatticeHash.Fade(x - fx), v = LatticeHash.Fade(y - fy);
        double top = LatticeHash.Lerp(Value(i0, j0), Value(i1, j0), u);
        double bottom = LatticeHash.Lerp(Value(i0, j1), Value(i1, j1), u);
        return (float)LatticeHash.Lerp(top, bottom, v);
    }

    // The hash's top 24 bits as a uniform value in [−1, 1).
    private double Value(int i, int j) => (LatticeHash.Hash(seed, i, j) >> 8) * (2.0 / (1 << 24)) - 1.0;
}
