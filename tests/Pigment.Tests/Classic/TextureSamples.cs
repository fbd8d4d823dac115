using Pigment.Classic.Imaging;

namespace Pigment.Tests.Classic;

/// <summary>Small synthetic samples for the texture tests.</summary>
internal static class TextureSamples
{
    /// <summary>Vertical stripes of period p (p/2 dark columns, p/2 light), grayscale.</summary>
    public static FloatImage Stripes(int width, int height, int period)
    {
        var image = new FloatImage(width, height, 1);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
                image[x, y, 0] = x % period < period / 2 ? 0.1f : 0.9f;
        }
        return image;
    }

    /// <summary>A checkerboard of squares of side p/2 (period p in x and y), RGB in two colours.</summary>
    public static FloatImage Checker(int size, int period)
    {
        var image = new FloatImage(size, size, 3);
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                bool on = (x % period < period / 2) ^ (y % period < period / 2);
                image[x, y, 0] = on ? 0.9f : 0.2f;
                image[x, y, 1] = on ? 0.6f : 0.3f;
                image[x, y, 2] = on ? 0.1f : 0.8f;
            }
        }
        return image;
    }

    /// <summary>Uniform random values in [0, 1), seeded.</summary>
    public static FloatImage Random(int width, int height, int channels, int seed)
    {
        var random = new System.Random(seed);
        var image = new FloatImage(width, height, channels);
        for (int i = 0; i < image.Data.Length; i++)
            image.Data[i] = (float)random.NextDouble();
        return image;
    }

    /// <summary>Mean |f(x + dx, y + dy) − f(x, y)| over the pixels where both exist, all channels.</summary>
    public static double ShiftDifference(FloatImage image, int dx, int dy)
    {
        double sum = 0;
        long n = 0;
        for (int c = 0; c < image.Channels; c++)
        {
            for (int y = 0; y + dy < image.Height; y++)
            {
                for (int x = 0; x + dx < image.Width; x++)
                {
                    sum += Math.Abs(image[x + dx, y + dy, c] - image[x, y, c]);
                    n++;
                }
            }
        }
        return sum / n;
    }
}
