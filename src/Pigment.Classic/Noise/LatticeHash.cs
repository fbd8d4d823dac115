namespace Pigment.Classic.Noise;

/// <summary>
/// Integer hashing of lattice points, in place of Perlin's 256-entry permutation table: no 256-cell repeat, any
/// seed, and wrapping a point for a period is just i mod period before hashing.
/// </summary>
internal static class LatticeHash
{
    /// <summary>A well-mixed 32-bit hash of (seed, i, j) (multiply–xorshift finaliser in the style of MurmurHash3).</summary>
    public static uint Hash(int seed, int i, int j)
    {
        uint h = (uint)seed * 0x9E3779B1u;
        h ^= (uint)i * 0x85EBCA77u;
        h = (h << 13 | h >> 19) * 5u + 0xE6546B64u;
        h ^= (uint)j * 0xC2B2AE3Du;
        h ^= h >> 16;
        h *= 0x7FEB352Du;
        h ^= h >> 15;
        h *= 0x846CA68Bu;
        h ^= h >> 16;
        return h;
    }

    /// <summary>A hash of four lattice coordinates (for 4-D simplex noise).</summary>
    public static uint Hash(int seed, int i, int j, int k, int l) =>
        Hash(seed, (int)Hash(seed ^ 0x5BD1E995, i, j), (int)Hash(seed ^ 0x1B873593, k, l));

    /// <summary>The lattice index i wrapped into [0, period) when period &gt; 0 (a true modulus, also for i &lt; 0).</summary>
    public static int Wrap(int i, int period)
    {
        if (period <= 0)
            return i;
        int m = i % period;
        return m < 0 ? m + period : m;
    }

    /// <summary>Improved Perlin noise's fade curve: 6t⁵ − 15t⁴ + 10t³ (zero first and second derivative at 0 and 1).</summary>
    public static double Fade(double t) => t * t * t * (t * (t * 6 - 15) + 10);

    public static double Lerp(double a, double b, double t) => a + t * (b - a);
}
