namespace Pigment.Classic.Imaging;

/// <summary>
/// Separable Gaussian blur of a <see cref="FloatImage"/>: G_σ * f = g_σ(x) * (g_σ(y) * f) with
/// g_σ(t) ∝ exp(−t² / 2σ²) over |t| ≤ ⌈3σ⌉, normalised to sum 1; edges are clamped (the nearest pixel repeats).
/// </summary>
public static class GaussianBlur
{
    public static FloatImage Apply(FloatImage image, double sigma)
    {
        if (!(sigma > 0))
            return image.Clone();
        int radius = (int)Math.Ceiling(3 * sigma);
        var kernel = new float[2 * radius + 1];
        double total = 0;
        for (int i = -radius; i <= radius; i++)
            total += kernel[i + radius] = (float)Math.Exp(-i * i / (2 * sigma * sigma));
        for (int i = 0; i < kernel.Length; i++)
            kernel[i] = (float)(kernel[i] / total);

        int w = image.Width, h = image.Height;
        var rows = new FloatImage(w, h, image.Channels);
        var result = new FloatImage(w, h, image.Channels);
        for (int c = 0; c < image.Channels; c++)
        {
            var src = image.Plane(c).ToArray();
            var tmp = rows.Data.AsSpan(c * w * h, w * h);
            var dst = result.Data.AsSpan(c * w * h, w * h);
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    float sum = 0;
                    for (int k = -radius; k <= radius; k++)
                        sum += kernel[k + radius] * src[y * w + Math.Clamp(x + k, 0, w - 1)];
                    tmp[y * w + x] = sum;
                }
            }
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    float sum = 0;
                    for (int k = -radius; k <= radius; k++)
                        sum += kernel[k + radius] * tmp[Math.Clamp(y + k, 0, h - 1) * w + x];
                    dst[y * w + x] = sum;
                }
            }
        }
        return result;
    }
}
