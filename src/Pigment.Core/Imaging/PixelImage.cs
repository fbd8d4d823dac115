namespace Pigment.Core.Imaging;

/// <summary>
/// An 8-bit image in memory: <see cref="Height"/> rows of <see cref="Width"/> pixels, each of
/// <see cref="Channels"/> bytes (1 = grayscale, 3 = RGB), stored row-major and interleaved (HWC).
/// </summary>
public sealed class PixelImage
{
    public PixelImage(int width, int height, int channels, byte[]? pixels = null)
    {
        if (width <= 0 || height <= 0)
            throw new PigmentException($"An image needs a positive size, not {width}x{height}.");
        if (channels is not (1 or 3))
            throw new PigmentException($"An image has 1 (grayscale) or 3 (RGB) channels, not {channels}.");
        var length = checked(width * height * channels);
        if (pixels is not null && pixels.Length != length)
            throw new ArgumentException($"Expected {length} bytes for {width}x{height}x{channels}, got {pixels.Length}.", nameof(pixels));
        Width = width;
        Height = height;
        Channels = channels;
        Pixels = pixels ?? new byte[length];
    }

    public int Width { get; }

    public int Height { get; }

    public int Channels { get; }

    /// <summary>The bytes, HWC: the value of channel c at (x, y) is at (y * Width + x) * Channels + c.</summary>
    public byte[] Pixels { get; }

    public byte this[int x, int y, int c]
    {
        get => Pixels[(y * Width + x) * Channels + c];
        set => Pixels[(y * Width + x) * Channels + c] = value;
    }

    public bool IsGrayscale => Channels == 1;

    /// <summary>
    /// Luma by ITU-R BT.601: Y = 0.299 R + 0.587 G + 0.114 B, rounded to the nearest byte (halves away from zero).
    /// A grayscale image is returned as a copy.
    /// </summary>
    public PixelImage ToGrayscale()
    {
        if (Channels == 1)
            return new PixelImage(Width, Height, 1, (byte[])Pixels.Clone());
        var gray = new byte[Width * Height];
        for (int i = 0, p = 0; i < gray.Length; i++, p += 3)
            gray[i] = Luma(Pixels[p], Pixels[p + 1], Pixels[p + 2]);
        return new PixelImage(Width, Height, 1, gray);
    }

    /// <summary>The image with three channels (grayscale values repeated); an RGB image is returned as a copy.</summary>
    public PixelImage ToRgb()
    {
        if (Channels == 3)
            return new PixelImage(Width, Height, 3, (byte[])Pixels.Clone());
        var rgb = new byte[Width * Height * 3];
        for (int i = 0; i < Pixels.Length; i++)
            rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = Pixels[i];
        return new PixelImage(Width, Height, 3, rgb);
    }

    /// <summary>This image with the given number of channels (1 or 3), converting if needed.</summary>
    public PixelImage WithChannels(int channels) =>
        channels == Channels ? this : channels == 1 ? ToGrayscale() : ToRgb();

    /// <summary>Y = 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601), rounded to the nearest integer.</summary>
    public static byte Luma(byte r, byte g, byte b) =>
        (byte)Math.Round(0.299 * r + 0.587 * g + 0.114 * b, MidpointRounding.AwayFromZero);
}
