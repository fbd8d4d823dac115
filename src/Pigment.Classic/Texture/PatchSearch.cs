using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Pigment.Classic.Imaging;

namespace Pigment.Classic.Texture;

/// <summary>
/// The sum of squared differences between a template and every B × B block of a sample, for all candidate positions
/// at once. Over a region R of the block (a few rectangles: an overlap strip, an L, the whole block):
/// <code>
/// SSD(u, v) = Σ_c Σ_{p ∈ R} (S_c(u + p) − T_c(p))²
///           = Σ_c Σ_R S_c(u + p)²  −  2 Σ_c Σ_R T_c(p) S_c(u + p)  +  Σ_c Σ_R T_c(p)²
/// </code>
/// The first term is four look-ups per rectangle in an integral image of Σ_c S²; the last is a constant; the middle
/// one, a cross-correlation of the sample with the template, is computed with SIMD across u (Vector&lt;float&gt;
/// lanes are neighbouring candidates) and in parallel across v. Deterministic: each candidate's sum is formed in
/// the same order whatever the thread schedule.
/// </summary>
internal sealed class PatchSearch
{
    private readonly float[] planes;      // the sample, CHW, padded at the end so vector loads may run past a row
    private readonly double[] integral;   // I(x, y) = Σ_{x' < x, y' < y} Σ_c S_c(x', y')², (W + 1) × (H + 1)
    private readonly int width;
    private readonly int height;
    private readonly int channels;

    public PatchSearch(FloatImage sample, int block)
    {
        if (block > sample.Width || block > sample.Height)
            throw new ArgumentOutOfRangeException(nameof(block), $"A {block}px block does not fit in a {sample.Width}x{sample.Height} sample.");
        width = sample.Width;
        height = sample.Height;
        channels = sample.Channels;
        Block = block;
        CandidatesX = width - block + 1;
        CandidatesY = height - block + 1;
        planes = new float[sample.Data.Length + 2 * Vector<float>.Count];
        sample.Data.CopyTo(planes, 0);
        integral = new double[(width + 1) * (height + 1)];
        int plane = width * height;
        for (int y = 0; y < height; y++)
        {
            double row = 0;
            for (int x = 0; x < width; x++)
            {
                for (int c = 0; c < channels; c++)
                {
                    double s = sample.Data[c * plane + y * width + x];
                    row += s * s;
                }
                integral[(y + 1) * (width + 1) + x + 1] = integral[y * (width + 1) + x + 1] + row;
            }
        }
    }

    public int Block { get; }

    public int Channels => channels;

    /// <summary>Candidate top-left corners per row: u ∈ [0, W − B].</summary>
    public int CandidatesX { get; }

    /// <summary>Candidate rows: v ∈ [0, H − B].</summary>
    public int CandidatesY { get; }

    public int CandidateCount => CandidatesX * CandidatesY;

    /// <summary>
    /// errors[v · CandidatesX + u] += weight · SSD(u, v) over <paramref name="rects"/>; the template is B × B, CHW,
    /// with the sample's number of channels (only its values inside the rectangles are read).
    /// </summary>
    public void AddSsd(float[] template, IReadOnlyList<BlockRect> rects, float weight, float[] errors)
    {
        if (rects.Count == 0 || weight == 0)
            return;
        int b = Block, bb = b * b;
        // The correlation as a list of (template value, offset into the sample) over every channel and rectangle.
        int count = 0;
        foreach (var r in rects)
            count += r.Area * channels;
        var coefficients = new float[count];
        var offsets = new int[count];
        double templateSquares = 0;
        int e = 0;
        for (int c = 0; c < channels; c++)
        {
            foreach (var r in rects)
            {
                for (int y = r.Y; y < r.Y + r.Height; y++)
                {
                    for (int x = r.X; x < r.X + r.Width; x++)
                    {
                        float t = template[c * bb + y * b + x];
                        templateSquares += (double)t * t;
                        coefficients[e] = t;
                        offsets[e] = c * width * height + y * width + x;
                        e++;
                    }
                }
            }
        }

        int nu = CandidatesX, lanes = Vector<float>.Count;
        int paddedRow = (nu + lanes - 1) / lanes * lanes;
        ParallelRows.For(CandidatesY, (v0, v1) =>
        {
            var cross = new float[paddedRow];
            for (int v = v0; v < v1; v++)
            {
                Correlate(v * width, coefficients, offsets, cross);
                for (int u = 0; u < nu; u++)
                {
                    double squares = 0;
                    foreach (var r in rects)
                        squares += RectSum(u + r.X, v + r.Y, r.Width, r.Height);
                    // SSD = ΣS² − 2ΣTS + ΣT², clamped at 0 against rounding.
                    double ssd = squares - 2.0 * cross[u] + templateSquares;
                    errors[v * nu + u] += weight * (float)Math.Max(0, ssd);
                }
            }
        });
    }

    /// <summary>cross[u] = Σ_e coefficient_e · S[rowStart + offset_e + u] for u in [0, CandidatesX), SIMD across u.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Correlate(int rowStart, float[] coefficients, int[] offsets, float[] cross)
    {
        ref float s = ref MemoryMarshal.GetArrayDataReference(planes);
        ref float k = ref MemoryMarshal.GetArrayDataReference(coefficients);
        ref int o = ref MemoryMarshal.GetArrayDataReference(offsets);
        int lanes = Vector<float>.Count, n = coefficients.Length;
        for (int u = 0; u < CandidatesX; u += lanes)
        {
            var acc0 = Vector<float>.Zero;
            var acc1 = Vector<float>.Zero;
            nuint start = (nuint)(rowStart + u);
            int i = 0;
            // Two accumulators halve the dependency chain of the fused multiply–adds.
            for (; i + 1 < n; i += 2)
            {
                acc0 = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref k, i)), Vector.LoadUnsafe(ref s, start + (nuint)Unsafe.Add(ref o, i)), acc0);
                acc1 = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref k, i + 1)), Vector.LoadUnsafe(ref s, start + (nuint)Unsafe.Add(ref o, i + 1)), acc1);
            }
            if (i < n)
                acc0 = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref k, i)), Vector.LoadUnsafe(ref s, start + (nuint)Unsafe.Add(ref o, i)), acc0);
            (acc0 + acc1).StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(cross), (nuint)u);
        }
    }

    /// <summary>Σ_c Σ S² over the rectangle [x, x + w) × [y, y + h) of the sample.</summary>
    private double RectSum(int x, int y, int w, int h)
    {
        int stride = width + 1;
        return integral[(y + h) * stride + x + w] - integral[y * stride + x + w] - integral[(y + h) * stride + x] + integral[y * stride + x];
    }
}
