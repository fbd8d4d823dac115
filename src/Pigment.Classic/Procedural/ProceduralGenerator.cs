using Pigment.Classic.Imaging;

namespace Pigment.Classic.Procedural;

/// <summary>
/// Renders <see cref="FractalNoise"/> into a Size × Size grayscale image, one row per task on all cores (each value
/// depends only on its pixel, so the image is the same however the rows are scheduled), then stretches the values
/// linearly to [0, 1] (min → 0, max → 1) so every noise kind uses the full range of a colour map.
/// </summary>
public static class ProceduralGenerator
{
    public static FloatImage Render(ProceduralSettings settings)
    {
        var noise = new FractalNoise(settings);
        int n = settings.Size;
        var image = new FloatImage(n, n, 1);
        var data = image.Data;
        // Pixel centres at (x + ½, y + ½), so a tileable image's column 0 continues column N − 1.
        Parallel.For(0, n, y =>
        {
            for (int x = 0; x < n; x++)
                data[y * n + x] = (float)noise.ValueAtPixel(x + 0.5, y + 0.5);
        });
        Normalize(data);
        return image;
    }

    /// <summary>v ↦ (v − min) / (max − min); a constant image becomes 0.5.</summary>
    internal static void Normalize(float[] data)
    {
        float min = float.MaxValue, max = float.MinValue;
        foreach (var v in data)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        float range = max - min;
        for (int i = 0; i < data.Length; i++)
            data[i] = range > 0 ? (data[i] - min) / range : 0.5f;
    }
}
