using Pigment.Core;
using Pigment.Core.Imaging;

namespace Pigment.Classic.Imaging;

/// <summary>
/// A float image for the classic algorithms: <see cref="Channels"/> planes of <see cref="Height"/> rows of
/// <see cref="Width"/> values in [0, 1], stored planar (CHW) so that a row of one channel is contiguous and can be
/// read with SIMD. Converted to and from the 8-bit, interleaved <see cref="PixelImage"/> only at the edges.
/// </summary>
public sealed class FloatImage
{
    public FloatImage(int width, int height, int channels, float[]? data = null)
    {
        if (width <= 0 || height <= 0)
            throw new PigmentException($"An image needs a positive size, not {width}x{height}.");
        if (channels < 1)
            throw new PigmentException($"An image needs at least one channel, not {channels}.");
        var length = checked(width * height * channels);
        if (data is not null && data.Length != length)
            throw new ArgumentException($"Expected {length} floats for {channels}x{height}x{width}, got {data.Length}.", nameof(data));
        Width = width;
        Height = height;
        Channels = channels;
        Data = data ?? new float[length];
    }

    public int Width { get; }

    public int Height { get; }

    public int Channels { get; }

    /// <summary>The values, CHW: channel c at (x, y) is at c * Width * Height + y * Width + x.</summary>
    public float[] Data { get; }

    public int PlaneSize => Width * Height;

    public float this[int x, int y, int c]
    {
        get => Data[c * PlaneSize + y * Width + x];
        set => Data[c * PlaneSize + y * Width + x] = value;
    }

    /// <summary>One channel as a span of Height × Width values.</summary>
    public Span<float> Plane(int channel) => Data.AsSpan(channel * PlaneSize, PlaneSize);

    /// <summary>Bytes 0…255 become values v / 255, de-interleaved into planes.</summary>
    public static FloatImage FromPixels(PixelImage image)
    {
        int w = image.Width, h = image.Height, c = image.Channels, plane = w * h;
        var result = new FloatImage(w, h, c);
        var src = image.Pixels;
        var dst = result.Data;
        for (int i = 0; i < plane; i++)
        {
            for (int k = 0; k < c; k++)
                dst[k * plane + i] = src[i * c + k] * (1f / 255f);
        }
        return result;
    }

    /// <summary>Values are clamped to [0, 1] and rounded to the nearest of 256 levels; 1 or 3 channels only.</summary>
    public PixelImage ToPixels()
    {
        if (Channels is not (1 or 3))
            throw new InvalidOperationException($"Only 1- or 3-channel images convert to pixels, not {Channels}.");
        int plane = PlaneSize;
        var image = new PixelImage(Width, Height, Channels);
        var dst = image.Pixels;
        for (int i = 0; i < plane; i++)
        {
            for (int k = 0; k < Channels; k++)
                dst[i * Channels + k] = ToByte(Data[k * plane + i]);
        }
        return image;
    }

    /// <summary>Y = 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601) for RGB; a one-channel image is copied.</summary>
    public FloatImage Luminance()
    {
        if (Channels == 1)
            return Clone();
        if (Channels != 3)
            throw new InvalidOperationException($"Luminance needs 1 or 3 channels, not {Channels}.");
        var y = new FloatImage(Width, Height, 1);
        int plane = PlaneSize;
        for (int i = 0; i < plane; i++)
            y.Data[i] = 0.299f * Data[i] + 0.587f * Data[plane + i] + 0.114f * Data[2 * plane + i];
        return y;
    }

    /// <summary>The rectangle [x, x + width) × [y, y + height), which must lie inside the image.</summary>
    public FloatImage Crop(int x, int y, int width, int height)
    {
        if (x < 0 || y < 0 || x + width > Width || y + height > Height)
            throw new ArgumentOutOfRangeException(nameof(x), $"Crop {width}x{height} at ({x}, {y}) leaves the {Width}x{Height} image.");
        var result = new FloatImage(width, height, Channels);
        for (int c = 0; c < Channels; c++)
        {
            for (int r = 0; r < height; r++)
                Data.AsSpan(c * PlaneSize + (y + r) * Width + x, width).CopyTo(result.Data.AsSpan(c * result.PlaneSize + r * width, width));
        }
        return result;
    }

    /// <summary>This image with 1 or 3 channels: luminance for RGB → gray, repetition for gray → RGB.</summary>
    public FloatImage WithChannels(int channels)
    {
        if (channels == Channels)
            return this;
        if (channels == 1)
            return Luminance();
        if (channels == 3 && Channels == 1)
        {
            var rgb = new FloatImage(Width, Height, 3);
            for (int c = 0; c < 3; c++)
                Data.CopyTo(rgb.Data, c * PlaneSize);
            return rgb;
        }
        throw new InvalidOperationException($"Cannot convert {Channels} channels to {channels}.");
    }

    public FloatImage Clone() => new(Width, Height, Channels, (float[])Data.Clone());

    private static byte ToByte(float v) => (byte)(Math.Clamp(v, 0f, 1f) * 255f + 0.5f);
}
