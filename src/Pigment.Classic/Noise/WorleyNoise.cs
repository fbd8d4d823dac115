namespace Pigment.Classic.Noise;

/// <summary>
/// Worley (cellular) noise (Worley 1996, "A Cellular Texture Basis Function"): one feature point at a hashed position
/// inside every lattice cell; the value is a function of the Euclidean distances F1 ≤ F2 from p to the nearest
/// feature points. A point is at most √2 from its own cell's feature point, so searching the 5 × 5 block of cells
/// without its corners finds F1 and F2 exactly. With a period, cell indices wrap before hashing while distances are
/// measured to the unwrapped cell, so the pattern continues across the seam.
/// </summary>
public sealed class WorleyNoise(int seed, WorleyFeature feature = WorleyFeature.F1) : INoise2D
{
    public float Sample(double x, double y, int period)
    {
        double fx = Math.Floor(x), fy = Math.Floor(y);
        int i = (int)fx, j = (int)fy;
        double f1 = double.MaxValue, f2 = double.MaxValue;
        for (int dj = -2; dj <= 2; dj++)
        {
            for (int di = -2; di <= 2; di++)
            {
                if (Math.Abs(di) == 2 && Math.Abs(dj) == 2)
                    continue;
                int ci = i + di, cj = j + dj;
                uint h = LatticeHash.Hash(seed, LatticeHash.Wrap(ci, period), LatticeHash.Wrap(cj, period));
                // Feature point (ci + r_x, cj + r_y) with r from the hash's two 16-bit halves, uniform in [0, 1)².
                double px = ci + (h & 0xFFFF) * (1.0 / 65536), py = cj + (h >> 16) * (1.0 / 65536);
                double d2 = (px - x) * (px - x) + (py - y) * (py - y);
                if (d2 < f1)
                {
                    f2 = f1;
                    f1 = d2;
                }
                else if (d2 < f2)
                {
                    f2 = d2;
                }
            }
        }
        f1 = Math.Sqrt(f1);
        f2 = Math.Sqrt(f2);
        return (float)(feature switch
        {
            WorleyFeature.F1 => f1,
            WorleyFeature.F2 => f2,
            _ => f2 - f1,
        });
    }
}
