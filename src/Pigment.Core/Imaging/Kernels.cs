using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Core.Imaging;

/// <summary>
/// Convolution kernels as (kH, kW) float tensors. Each is applied by <see cref="ConvolutionFilters"/>, which slides
/// it over every channel of the image (as cross-correlation, like conv2d in every deep-learning library).
/// </summary>
public static class Kernels
{
    /// <summary>Box blur: every weight 1/k² (the mean of a k × k window).</summary>
    public static Tensor Box(int size)
    {
        RequireOddSize(size, "box");
        return ScalarMath.Full([size, size], 1.0f / (size * size));
    }

    /// <summary>
    /// Gaussian blur: w(x, y) ∝ exp(−(x² + y²) / 2σ²), normalised to sum 1. The default size covers ±3σ:
    /// k = 2⌈3σ⌉ + 1.
    /// </summary>
    public static Tensor Gaussian(double sigma, int? size = null)
    {
        if (!(sigma > 0) || double.IsInfinity(sigma))
            throw new PigmentException($"Gaussian sigma must be a positive number, not {sigma.ToString(CultureInfo.InvariantCulture)}.");
        int k = size ?? 2 * (int)Math.Ceiling(3 * sigma) + 1;
        RequireOddSize(k, "gaussian");
        int r = k / 2;
        var g = new float[k];
        double total = 0;
        for (int i = 0; i < k; i++)
            total += g[i] = (float)Math.Exp(-(i - r) * (i - r) / (2 * sigma * sigma));
        for (int i = 0; i < k; i++)
            g[i] = (float)(g[i] / total);
        // The 2-D Gaussian is separable: the outer product of two 1-D ones.
        using var column = torch.tensor(g).unsqueeze(1);
        using var row = torch.tensor(g).unsqueeze(0);
        return column.matmul(row);
    }

    /// <summary>Sharpen: the image plus its negated Laplacian, [0 −1 0; −1 5 −1; 0 −1 0].</summary>
    public static Tensor Sharpen() => FromRows([[0, -1, 0], [-1, 5, -1], [0, -1, 0]]);

    /// <summary>The discrete Laplacian ∇²f ≈ f(x+1)+f(x−1)+f(y+1)+f(y−1)−4f, [0 1 0; 1 −4 1; 0 1 0].</summary>
    public static Tensor Laplacian() => FromRows([[0, 1, 0], [1, -4, 1], [0, 1, 0]]);

    /// <summary>Emboss: a diagonal derivative plus the image, [−2 −1 0; −1 1 1; 0 1 2].</summary>
    public static Tensor Emboss() => FromRows([[-2, -1, 0], [-1, 1, 1], [0, 1, 2]]);

    /// <summary>Sobel's horizontal derivative ∂f/∂x, [−1 0 1; −2 0 2; −1 0 1].</summary>
    public static Tensor SobelX() => FromRows([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]);

    /// <summary>Sobel's vertical derivative ∂f/∂y, [−1 −2 −1; 0 0 0; 1 2 1].</summary>
    public static Tensor SobelY() => FromRows([[-1, -2, -1], [0, 0, 0], [1, 2, 1]]);

    /// <summary>
    /// A kernel written as text: rows separated by ';', values by ',' (spaces allowed), each value a number or a
    /// fraction such as 1/9. Example: "0,-1,0;-1,5,-1;0,-1,0". Rows must have equal, odd lengths and their count
    /// must be odd, so that the kernel has a centre.
    /// </summary>
    public static Tensor Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new PigmentException("The kernel text is empty; write rows like \"0,-1,0;-1,5,-1;0,-1,0\".");
        var rows = text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(row => row.Split(',', StringSplitOptions.TrimEntries).Select(v => ParseNumber(v, text)).ToArray())
            .ToArray();
        int width = rows[0].Length;
        if (rows.Any(r => r.Length != width))
            throw new PigmentException($"Kernel \"{text}\" has rows of different lengths; every row needs {width} values.");
        if (width % 2 == 0 || rows.Length % 2 == 0)
            throw new PigmentException($"Kernel \"{text}\" is {rows.Length}x{width}; both sides must be odd so the kernel has a centre.");
        return FromRows(rows);
    }

    private static float ParseNumber(string value, string text)
    {
        var parts = value.Split('/');
        if (parts.Length is 1 or 2
            && parts.All(p => float.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
        {
            float number = float.Parse(parts[0], CultureInfo.InvariantCulture);
            if (parts.Length == 2)
            {
                float divisor = float.Parse(parts[1], CultureInfo.InvariantCulture);
                if (divisor == 0)
                    throw new PigmentException($"Kernel \"{text}\" divides by zero in '{value}'.");
                number /= divisor;
            }
            if (float.IsFinite(number))
                return number;
        }
        throw new PigmentException($"Kernel \"{text}\" has '{value}', which is not a number.");
    }

    private static Tensor FromRows(float[][] rows)
    {
        int h = rows.Length, w = rows[0].Length;
        var data = new float[h * w];
        for (int y = 0; y < h; y++)
            rows[y].CopyTo(data, y * w);
        return torch.tensor(data, [h, w]);
    }

    private static void RequireOddSize(int size, string name)
    {
        if (size < 1 || size % 2 == 0 || size > 255)
            throw new PigmentException($"The {name} kernel size must be an odd number from 1 to 255, not {size}.");
    }
}
