namespace Pigment.Classic.Noise;

/// <summary>
/// Simplex noise (Perlin 2001; as explained in Gustavson 2005, "Simplex noise demystified"): the plane is split into
/// triangles by skewing the square lattice; each of the three corners adds (0.5 − r²)⁴ (g · d) where d is the offset
/// from the corner. Fewer corners than Perlin noise's four and no axis-aligned artefacts.
/// <para>
/// A triangle lattice has no square period, so the tileable version samples 4-D simplex noise on a torus instead:
/// (x, y) ↦ (R cos θx, R sin θx, R cos θy, R sin θy) with θ = 2π x / period and R = period / 2π, which wraps exactly
/// and keeps the feature size (an arc of length 1 per unit of x).
/// </para>
/// </summary>
public sealed class SimplexNoise(int seed) : INoise2D
{
    // Skew and unskew factors: F_n = (√(n+1) − 1) / n, G_n = (1 − 1/√(n+1)) / n.
    private static readonly double F2 = (Math.Sqrt(3) - 1) / 2;
    private static readonly double G2 = (3 - Math.Sqrt(3)) / 6;
    private static readonly double F4 = (Math.Sqrt(5) - 1) / 4;
    private static readonly double G4 = (5 - Math.Sqrt(5)) / 20;

    // The 32 gradients of 4-D simplex noise: the midpoints of the hypercube's edges (one coordinate 0, the others ±1).
    private static readonly sbyte[] Gradients4 = MakeGradients4();

    public float Sample(double x, double y, int period)
    {
        if (period <= 0)
            return (float)Sample2(x, y);
        double r = period / (2 * Math.PI);
        double ax = x * (2 * Math.PI / period), ay = y * (2 * Math.PI / period);
        return (float)Sample4(r * Math.Cos(ax), r * Math.Sin(ax), r * Math.Cos(ay), r * Math.Sin(ay));
    }

    private double Sample2(double x, double y)
    {
        // Skew (x, y) to find the lattice square: (i, j) = ⌊(x, y) + (x + y) F2⌋.
        double s = (x + y) * F2;
        int i = (int)Math.Floor(x + s), j = (int)Math.Floor(y + s);
        // Unskew back: the offset from the square's origin corner.
        double t = (i + j) * G2;
        double x0 = x - (i - t), y0 = y - (j - t);
        // Lower or upper triangle of the square.
        int i1 = x0 > y0 ? 1 : 0, j1 = 1 - i1;
        double x1 = x0 - i1 + G2, y1 = y0 - j1 + G2;
        double x2 = x0 - 1 + 2 * G2, y2 = y0 - 1 + 2 * G2;
        double n = Corner2(LatticeHash.Hash(seed, i, j), x0, y0)
                   + Corner2(LatticeHash.Hash(seed, i + i1, j + j1), x1, y1)
                   + Corner2(LatticeHash.Hash(seed, i + 1, j + 1), x2, y2);
        // Gustavson's scale maps the sum to about [−1, 1].
        return 70 * n;
    }

    private static double Corner2(uint hash, double x, double y)
    {
        double t = 0.5 - x * x - y * y;
        if (t <= 0)
            return 0;
        t *= t;
        return t * t * PerlinNoise.Gradient(hash, x, y);
    }

    private double Sample4(double x, double y, double z, double w)
    {
        double s = (x + y + z + w) * F4;
        int i = (int)Math.Floor(x + s), j = (int)Math.Floor(y + s), k = (int)Math.Floor(z + s), l = (int)Math.Floor(w + s);
        double t = (i + j + k + l) * G4;
        double x0 = x - (i - t), y0 = y - (j - t), z0 = z - (k - t), w0 = w - (l - t);

        // Rank the coordinates: the simplex is traversed by stepping the largest coordinate first, then the next.
        int rx = 0, ry = 0, rz = 0, rw = 0;
        if (x0 > y0) rx++; else ry++;
        if (x0 > z0) rx++; else rz++;
        if (x0 > w0) rx++; else rw++;
        if (y0 > z0) ry++; else rz++;
        if (y0 > w0) ry++; else rw++;
        if (z0 > w0) rz++; else rw++;

        double n = 0;
        for (int step = 0; step <= 4; step++)
        {
            // Corner `step` has offset 1 in every coordinate whose rank is ≥ 4 − step (corner 0: none, corner 4: all).
            int threshold = 4 - step;
            int oi = rx >= threshold ? 1 : 0, oj = ry >= threshold ? 1 : 0, ok = rz >= threshold ? 1 : 0, ol = rw >= threshold ? 1 : 0;
            double g = step * G4;
            double cx = x0 - oi + g, cy = y0 - oj + g, cz = z0 - ok + g, cw = w0 - ol + g;
            double tt = 0.6 - cx * cx - cy * cy - cz * cz - cw * cw;
            if (tt <= 0)
                continue;
            int gi = (int)(LatticeHash.Hash(seed, i + oi, j + oj, k + ok, l + ol) & 31) * 4;
            double dot = Gradients4[gi] * cx + Gradients4[gi + 1] * cy + Gradients4[gi + 2] * cz + Gradients4[gi + 3] * cw;
            tt *= tt;
            n += tt * tt * dot;
        }
        // Gustavson's 4-D scale maps the sum to about [−1, 1].
        return 27 * n;
    }

    private static sbyte[] MakeGradients4()
    {
        var list = new List<sbyte>(128);
        for (int zero = 0; zero < 4; zero++)
        {
            for (int signs = 0; signs < 8; signs++)
            {
                int bit = 0;
                for (int axis = 0; axis < 4; axis++)
                    list.Add(axis == zero ? (sbyte)0 : (sbyte)(((signs >> bit++) & 1) == 0 ? 1 : -1));
            }
        }
        return [.. list];
    }
}
