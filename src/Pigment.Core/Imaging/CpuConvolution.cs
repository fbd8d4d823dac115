using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Core.Imaging;

/// <summary>
/// The CPU fast path of <see cref="ConvolutionFilters"/>: the same depthwise cross-correlation with reflect padding as
/// conv2d, computed in C# with SIMD across each row and in parallel over row strips. A rank-1 kernel k = a bᵀ (box,
/// Gaussian) is applied as two 1-D passes, (f ⋆ k) = (f ⋆ b) ⋆ a, costing kH + kW instead of kH·kW multiply–adds per
/// pixel. Every pass is one loop over "taps" (source row, column shift, weight) with four independent accumulators,
/// so the fused multiply–adds are bound by throughput rather than latency; interior columns read the source rows
/// directly, only the few border columns evaluate the reflection. Used for float32 CPU tensors and odd kernel sizes;
/// everything else goes to conv2d.
/// </summary>
internal static unsafe partial class CpuConvolution
{
    private const int StripRows = 64;

    public static bool Supports(Tensor images, Tensor kernel) =>
        images.device_type == DeviceType.CPU && images.dtype == ScalarType.Float32
        && kernel.shape[0] % 2 == 1 && kernel.shape[1] % 2 == 1;

    /// <summary>(B, C, H, W) or (C, H, W) → same shape; out = reflect_pad(x) ⋆ k per channel, optionally clamped to [0, 1].</summary>
    public static Tensor Convolve(Tensor images, Tensor kernel, bool clamp)
    {
        int kh = (int)kernel.shape[0], kw = (int)kernel.shape[1];
        var weights = kernel.to_type(ScalarType.Float32).cpu().data<float>().ToArray();
        using var input = images.contiguous();
        int height = (int)input.shape[^2], width = (int)input.shape[^1];
        int planes = (int)(input.numel() / ((long)height * width));
        var output = torch.empty(input.shape, ScalarType.Float32);
        // Tensor.bytes spans the tensor's native memory (no copy); its address stays fixed while the tensors live.
        nint src = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(input.bytes));
        nint dst = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(output.bytes));
        AdviseHugePages(dst, output.numel() * sizeof(float));
        bool separable = TrySeparate(weights, kh, kw, out var column, out var row);
        int strips = (height + StripRows - 1) / StripRows;
        Parallel.For(0, planes * strips, job =>
        {
            int plane = job / strips, y0 = job % strips * StripRows, y1 = Math.Min(height, y0 + StripRows);
            float* source = (float*)src + (long)plane * height * width, target = (float*)dst + (long)plane * height * width;
            if (separable)
                Separable(source, target, width, height, y0, y1, column!, row!, clamp);
            else
                Direct(source, target, width, height, y0, y1, weights, kh, kw, clamp);
        });
        return output;
    }

    /// <summary>k = a bᵀ when every row of k is a multiple of its largest row (checked to 1e-6 of the largest weight).</summary>
    internal static bool TrySeparate(float[] k, int kh, int kw, out float[]? column, out float[]? row)
    {
        column = row = null;
        int pivot = 0;
        for (int i = 1; i < k.Length; i++)
        {
            if (Math.Abs(k[i]) > Math.Abs(k[pivot]))
                pivot = i;
        }
        float p = k[pivot];
        if (p == 0 || (kh == 1 && kw == 1))
            return false;
        int pr = pivot / kw, pc = pivot % kw;
        // a_i = k[i, pc], b_j = k[pr, j] / p, so a_i b_j = k[i, pc] k[pr, j] / k[pr, pc].
        var a = new float[kh];
        var b = new float[kw];
        for (int i = 0; i < kh; i++)
            a[i] = k[i * kw + pc];
        for (int j = 0; j < kw; j++)
            b[j] = k[pr * kw + j] / p;
        for (int i = 0; i < kh; i++)
        {
            for (int j = 0; j < kw; j++)
            {
                if (Math.Abs(a[i] * b[j] - k[i * kw + j]) > 1e-6f * Math.Abs(p))
                    return false;
            }
        }
        column = a;
        row = b;
        return true;
    }

    /// <summary>Reflect padding without repeating the edge (PyTorch "reflect", OpenCV BORDER_REFLECT_101): −1 → 1, n → n − 2.</summary>
    private static int Reflect(int i, int n)
    {
        if (n == 1)
            return 0;
        while (i < 0 || i >= n)
            i = i < 0 ? -i : 2 * n - 2 - i;
        return i;
    }

    /// <summary>Rows [y0, y1): a horizontal pass with b over rows y0 − r … y1 + r into a strip, then a vertical pass with a.</summary>
    private static void Separable(float* source, float* target, int width, int height, int y0, int y1, float[] column, float[] row, bool clamp)
    {
        int ry = column.Length / 2, rx = row.Length / 2, rows = y1 - y0 + 2 * ry;
        var strip = ArrayPool<float>.Shared.Rent(rows * width);
        try
        {
            fixed (float* s = strip)
            {
                // Horizontal: h(y, x) = Σ_j b_j f(y, x + j − r_x), one source row per strip row.
                var shifts = new int[row.Length];
                for (int j = 0; j < row.Length; j++)
                    shifts[j] = j - rx;
                var zeros = new int[row.Length];
                var one = stackalloc float*[1];
                for (int r = 0; r < rows; r++)
                {
                    one[0] = source + (long)Reflect(y0 - ry + r, height) * width;
                    Accumulate(one, zeros, shifts, row, row.Length, s + (long)r * width, width, rx, false);
                }
                // Vertical: out(y, x) = Σ_i a_i h(y − r_y + i, x), the strip's rows taken whole.
                var indices = new int[column.Length];
                var noShift = new int[column.Length];
                for (int i = 0; i < column.Length; i++)
                    indices[i] = i;
                var lines = stackalloc float*[column.Length];
                for (int y = y0; y < y1; y++)
                {
                    for (int i = 0; i < column.Length; i++)
                        lines[i] = s + (long)(y - y0 + i) * width;
                    Accumulate(lines, indices, noShift, column, column.Length, target + (long)y * width, width, 0, clamp);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(strip);
        }
    }

    /// <summary>Rows [y0, y1) with the full kH × kW kernel, zero weights skipped.</summary>
    private static void Direct(float* source, float* target, int width, int height, int y0, int y1, float[] weights, int kh, int kw, bool clamp)
    {
        int ry = kh / 2, rx = kw / 2, count = 0;
        var rowOf = new int[kh * kw];
        var shiftOf = new int[kh * kw];
        var weightOf = new float[kh * kw];
        for (int i = 0; i < kh; i++)
        {
            for (int j = 0; j < kw; j++)
            {
                if (weights[i * kw + j] == 0)
                    continue;
                rowOf[count] = i;
                shiftOf[count] = j - rx;
                weightOf[count++] = weights[i * kw + j];
            }
        }
        var lines = stackalloc float*[kh];
        for (int y = y0; y < y1; y++)
        {
            for (int i = 0; i < kh; i++)
                lines[i] = source + (long)Reflect(y - ry + i, height) * width;
            Accumulate(lines, rowOf, shiftOf, weightOf, count, target + (long)y * width, width, rx, clamp);
        }
    }

    /// <summary>
    /// out[x] = Σ_t w_t · lines[row_t][reflect(x + shift_t)] for x in [0, width). Columns within <paramref name="reach"/>
    /// of an edge reflect (scalar); the interior is SIMD, four vectors at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Accumulate(float** lines, int[] rowOf, int[] shiftOf, float[] weightOf, int taps, float* output, int width, int reach, bool clamp)
    {
        int lo = Math.Min(reach, width), hi = Math.Max(lo, width - reach), lanes = Vector<float>.Count;
        for (int x = 0; x < width; x++)
        {
            if (x == lo)
                x = hi;
            if (x >= width)
                break;
            float sum = 0;
            for (int t = 0; t < taps; t++)
                sum += weightOf[t] * lines[rowOf[t]][Reflect(x + shiftOf[t], width)];
            output[x] = clamp ? Math.Clamp(sum, 0f, 1f) : sum;
        }
        fixed (int* rows = rowOf, shifts = shiftOf)
        fixed (float* w = weightOf)
        {
            int x = lo;
            for (; x + 4 * lanes <= hi; x += 4 * lanes)
            {
                Vector<float> a0 = default, a1 = default, a2 = default, a3 = default;
                for (int t = 0; t < taps; t++)
                {
                    float* p = lines[rows[t]] + x + shifts[t];
                    var wv = new Vector<float>(w[t]);
                    a0 = Vector.FusedMultiplyAdd(wv, Vector.Load(p), a0);
                    a1 = Vector.FusedMultiplyAdd(wv, Vector.Load(p + lanes), a1);
                    a2 = Vector.FusedMultiplyAdd(wv, Vector.Load(p + 2 * lanes), a2);
                    a3 = Vector.FusedMultiplyAdd(wv, Vector.Load(p + 3 * lanes), a3);
                }
                Put(a0, output + x, clamp);
                Put(a1, output + x + lanes, clamp);
                Put(a2, output + x + 2 * lanes, clamp);
                Put(a3, output + x + 3 * lanes, clamp);
            }
            for (; x + lanes <= hi; x += lanes)
            {
                Vector<float> a = default;
                for (int t = 0; t < taps; t++)
                    a = Vector.FusedMultiplyAdd(new Vector<float>(w[t]), Vector.Load(lines[rows[t]] + x + shifts[t]), a);
                Put(a, output + x, clamp);
            }
            for (; x < hi; x++)
            {
                float sum = 0;
                for (int t = 0; t < taps; t++)
                    sum += w[t] * lines[rows[t]][x + shifts[t]];
                output[x] = clamp ? Math.Clamp(sum, 0f, 1f) : sum;
            }
        }
    }

    /// <summary>
    /// On Linux, asks for transparent huge pages for a large fresh output (as NumPy does for its arrays): writing
    /// 48 MB into new 4 KiB pages costs more page faults than the convolution itself. Advice only; failures are ignored.
    /// </summary>
    private static void AdviseHugePages(nint address, long length)
    {
        const int MADV_HUGEPAGE = 14;
        if (!OperatingSystem.IsLinux() || length < (4 << 20))
            return;
        nint start = (address + 4095) & ~(nint)4095;
        try
        {
            _ = madvise(start, (nuint)(address + length - start), MADV_HUGEPAGE);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int madvise(nint address, nuint length, int advice);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(Vector<float> value, float* destination, bool clamp) =>
        (clamp ? Vector.Clamp(value, Vector<float>.Zero, Vector<float>.One) : value).Store(destination);
}
