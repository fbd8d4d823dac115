using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Pigment.Classic.Imaging;
using Pigment.Core;

namespace Pigment.Classic.Texture;

/// <summary>
/// Non-parametric texture synthesis (Efros &amp; Leung 1999, "Texture Synthesis by Non-parametric Sampling"). The output
/// grows from a 3 × 3 seed patch taken from the sample. Each round takes the unfilled pixels that touch the filled
/// region, most-known-neighbours first (onion-skin order), and for each compares its W × W neighbourhood, on the known
/// pixels only, with every W × W window of the sample:
/// <code>
/// d(u) = Σ_p G(p) M(p) Σ_c (S_c(u + p) − T_c(p))² / (C Σ_p G(p) M(p)),   G = Gaussian with σ = W / 6.4, M = known mask
/// </code>
/// then copies the centre of a window chosen at random among those with d ≤ (1 + ε) d_min. A pixel whose best match
/// exceeds the maximum error waits; a round without progress raises that maximum by 10 %.
/// <para>
/// Speed: d is computed for all windows at once, SIMD across neighbouring windows and in parallel over rows of
/// windows, but the method remains O(output pixels × sample windows × W²). Measured on this 2-core machine with W = 11:
/// 128 × 128 from a 64 × 64 sample in about 1.4 s, from a 128 × 128 sample in about 6.6 s, and 192 × 192 from a
/// 192 × 192 sample in about 12 s (the first from bench/classic/RESULTS.md, the others as printed by `pigment texture synthesize`). Image quilting is the fast alternative.
/// </para>
/// </summary>
public static class EfrosLeung
{
    public static FloatImage Synthesize(FloatImage sample, EfrosLeungOptions options, IProgress<double>? progress = null)
    {
        options.Validate(sample);
        var random = new Random(Seeds.Mix(options.Seed));
        int width = options.Width, height = options.Height, window = options.Window, half = window / 2, channels = sample.Channels;
        var output = new FloatImage(width, height, channels);
        var filled = new bool[width * height];

        // G(p) = exp(−|p|² / 2σ²), σ = W / 6.4 (the paper's choice).
        double sigma = window / 6.4;
        var gauss = new float[window * window];
        for (int dy = -half; dy <= half; dy++)
        {
            for (int dx = -half; dx <= half; dx++)
                gauss[(dy + half) * window + dx + half] = (float)Math.Exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
        }

        // The seed: a random 3 × 3 patch of the sample in the middle of the output.
        int seedSize = Math.Min(3, Math.Min(width, height));
        int sx = random.Next(sample.Width - seedSize + 1), sy = random.Next(sample.Height - seedSize + 1);
        int ox = (width - seedSize) / 2, oy = (height - seedSize) / 2;
        for (int y = 0; y < seedSize; y++)
        {
            for (int x = 0; x < seedSize; x++)
            {
                for (int c = 0; c < channels; c++)
                    output[ox + x, oy + y, c] = sample[sx + x, sy + y, c];
                filled[(oy + y) * width + ox + x] = true;
            }
        }
        int total = width * height, done = seedSize * seedSize;

        var matcher = new WindowMatcher(sample, window);
        var errors = new float[matcher.CandidateCount];
        int maxEntries = window * window * channels;
        var weights = new float[maxEntries];
        var values = new float[maxEntries];
        var offsets = new int[maxEntries];
        double maxError = options.MaxError;
        while (done < total)
        {
            bool grew = false;
            foreach (var (px, py) in Frontier(filled, width, height, half, random))
            {
                // The known neighbourhood as (weight, value, offset-in-window) entries, one per known pixel and channel.
                int n = 0;
                double weightSum = 0;
                for (int dy = -half; dy <= half; dy++)
                {
                    int y = py + dy;
                    if (y < 0 || y >= height)
                        continue;
                    for (int dx = -half; dx <= half; dx++)
                    {
                        int x = px + dx;
                        if (x < 0 || x >= width || !filled[y * width + x])
                            continue;
                        float g = gauss[(dy + half) * window + dx + half];
                        weightSum += g;
                        for (int c = 0; c < channels; c++)
                        {
                            weights[n] = g;
                            values[n] = output[x, y, c];
                            offsets[n] = c * sample.PlaneSize + (dy + half) * sample.Width + dx + half;
                            n++;
                        }
                    }
                }
                // Normalise by C Σ G M so d is a mean squared difference.
                float norm = (float)(1 / (weightSum * channels));
                for (int e = 0; e < n; e++)
                    weights[e] *= norm;
                matcher.Distances(weights, values, offsets, n, errors);
                int pick = CandidatePicker.Pick(errors, options.Tolerance, 1e-6, random, out float best);
                if (best > maxError)
                    continue;
                int u = pick % matcher.CandidatesX, v = pick / matcher.CandidatesX;
                for (int c = 0; c < channels; c++)
                    output[px, py, c] = sample[u + half, v + half, c];
                filled[py * width + px] = true;
                grew = true;
                done++;
                progress?.Report(done / (double)total);
            }
            if (!grew)
                maxError *= 1.1;
        }
        return output;
    }

    /// <summary>
    /// The unfilled pixels with at least one filled 8-neighbour, ordered by the number of filled pixels in their
    /// window (most first), ties in random order.
    /// </summary>
    private static List<(int X, int Y)> Frontier(bool[] filled, int width, int height, int half, Random random)
    {
        var pixels = new List<(int X, int Y)>();
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                if (!filled[y * width + x] && CountFilled(filled, width, height, x, y, 1) > 0)
                    pixels.Add((x, y));
            }
        }
        var array = pixels.ToArray();
        random.Shuffle(array);
        // OrderByDescending is stable, so equal counts keep the shuffled order.
        return [.. array.OrderByDescending(p => CountFilled(filled, width, height, p.X, p.Y, half))];
    }

    private static int CountFilled(bool[] filled, int width, int height, int x, int y, int radius)
    {
        int count = 0;
        for (int yy = Math.Max(0, y - radius); yy <= Math.Min(height - 1, y + radius); yy++)
        {
            for (int xx = Math.Max(0, x - radius); xx <= Math.Min(width - 1, x + radius); xx++)
            {
                if (filled[yy * width + xx])
                    count++;
            }
        }
        return count;
    }

    /// <summary>Weighted SSD of one neighbourhood against every W × W window of the sample.</summary>
    private sealed class WindowMatcher
    {
        private readonly float[] planes;
        private readonly int stride;

        public WindowMatcher(FloatImage sample, int window)
        {
            stride = sample.Width;
            CandidatesX = sample.Width - window + 1;
            CandidatesY = sample.Height - window + 1;
            planes = new float[sample.Data.Length + 2 * Vector<float>.Count];
            sample.Data.CopyTo(planes, 0);
        }

        public int CandidatesX { get; }

        public int CandidatesY { get; }

        public int CandidateCount => CandidatesX * CandidatesY;

        /// <summary>d[v · CandidatesX + u] = Σ_e w_e (S[v · stride + u + offset_e] − t_e)², SIMD across u, parallel across v.</summary>
        public void Distances(float[] weights, float[] values, int[] offsets, int count, float[] distances) =>
            ParallelRows.For(CandidatesY, (v0, v1) => Rows(v0, v1, weights, values, offsets, count, distances));

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Rows(int v0, int v1, float[] weights, float[] values, int[] offsets, int count, float[] distances)
        {
            int nu = CandidatesX, lanes = Vector<float>.Count;
            var row = new float[(nu + lanes - 1) / lanes * lanes];
            ref float s = ref MemoryMarshal.GetArrayDataReference(planes);
            ref float w = ref MemoryMarshal.GetArrayDataReference(weights);
            ref float t = ref MemoryMarshal.GetArrayDataReference(values);
            ref int o = ref MemoryMarshal.GetArrayDataReference(offsets);
            for (int v = v0; v < v1; v++)
            {
                for (int u = 0; u < nu; u += lanes)
                {
                    var acc = Vector<float>.Zero;
                    nuint start = (nuint)(v * stride + u);
                    for (int e = 0; e < count; e++)
                    {
                        var d = Vector.LoadUnsafe(ref s, start + (nuint)Unsafe.Add(ref o, e)) - new Vector<float>(Unsafe.Add(ref t, e));
                        acc = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref w, e)) * d, d, acc);
                    }
                    acc.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(row), (nuint)u);
                }
                row.AsSpan(0, nu).CopyTo(distances.AsSpan(v * nu, nu));
            }
        }
    }
}
