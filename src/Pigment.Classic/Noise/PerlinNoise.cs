namespace Pigment.Classic.Noise;

/// <summary>
/// Improved Perlin noise (Perlin 2002, "Improving Noise"): a pseudo-random gradient at every lattice point, the
/// dot products g · (p − corner) of a cell's four corners blended with the quintic fade 6t⁵ − 15t⁴ + 10t³.
/// Gradients are the eight directions (±1, ±1), (±1, 0), (0, ±1), the 2-D analogue of Perlin's twelve cube edges.
/// </summary>
public sealed class PerlinNoise(int seed) : INoise2D
{
    public float Sample(double x, double y, int period)
    {
        double fx = Math.Floor(x), fy = Math.Floor(y);
        int i = (int)fx, j = (int)fy;
        double dx = x - fx, dy = y - fy;
        int i0 = LatticeHash.Wrap(i, period), i1 = LatticeHash.Wrap(i + 1, period);
        int j0 = LatticeHash.Wrap(j, period), j1 = LatticeHash.Wrap(j + 1, period);
        // n_ab = g(i + a, j + b) · (dx − a, dy − b)
        double n00 = Gradient(LatticeHash.Hash(seed, i0, j0), dx, dy);
        double n10 = Gradient(LatticeHash.Hash(seed, i1, j0), dx - 1, dy);
        double n01 = Gradient(LatticeHash.Hash(seed, i0, j1), dx, dy - 1);
        double n11 = Gradient(LatticeHash.Hash(seed, i1, j1), dx - 1, dy - 1);
        double u = LatticeHash.Fade(dx), v = LatticeHash.Fade(dy);
        return (float)LatticeHash.Lerp(LatticeHash.Lerp(n00, n10, u), LatticeHash.Lerp(n01, n11, u), v);
    }

    /// <summary>g · (x, y) for the gradient chosen by the hash's low three bits.</summary>
    internal static double Gradient(uint hash, double x, double y) => (hash & 7) switch
    {
        0 => x + y,
        1 => -x + y,
        2 => x - y,
        3 => -x - y,
        4 => x,
        5 => -x,
        6 => y,
        _ => -y,
    };
}
