using SkiaSharp;

namespace Pigment.Core.Imaging;

/// <summary>Reads and writes PNG and JPEG files (SkiaSharp), with the PNG <c>parameters</c> text when given.</summary>
public static unsafe class ImageIO
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg"];

    public static bool IsImagePath(string path) =>
        Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    /// <summary>Loads a PNG or JPEG as grayscale (if the file is grayscale) or RGB (alpha is dropped).</summary>
    public static PixelImage Load(string path)
    {
        if (Directory.Exists(path))
            throw new PigmentException($"'{path}' is a folder, not an image file.");
        if (!File.Exists(path))
            throw new PigmentException($"No such file: '{path}'.");
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PigmentException($"Cannot read '{path}': {e.Message}");
        }
        return Decode(bytes, path);
    }

    /// <summary>
    /// Decodes PNG or JPEG bytes; <paramref name="name"/> is used in error messages. The format is sniffed from the
    /// bytes, never taken from a name, and an image of more than <paramref name="maxPixels"/> pixels is refused from
    /// its header, before any pixel is decoded (a decompression bomb costs nothing).
    /// </summary>
    public static PixelImage Decode(byte[] bytes, string name = "the data", long maxPixels = long.MaxValue)
    {
        if (!IsPngOrJpeg(bytes))
            throw new PigmentException($"'{name}' is not an image Pigment can read (PNG or JPEG).");
        using var codec = SKCodec.Create(new SKMemoryStream(bytes));
        if (codec is null)
            throw new PigmentException($"'{name}' is not an image Pigment can read (PNG or JPEG).");
        var info = codec.Info;
        if ((long)info.Width * info.Height > maxPixels)
            throw new PigmentException($"'{name}' is {info.Width}×{info.Height}: more than the {maxPixels:N0} pixels allowed.");
        bool gray = info.ColorType == SKColorType.Gray8;
        var target = new SKImageInfo(info.Width, info.Height, gray ? SKColorType.Gray8 : SKColorType.Rgba8888, gray ? SKAlphaType.Opaque : SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(target);
        var result = codec.GetPixels(target, bitmap.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
            throw new PigmentException($"'{name}' could not be decoded ({result}).");
        return FromBitmap(bitmap);
    }

    /// <summary>True when the bytes start with the PNG signature or a JPEG start-of-image marker.</summary>
    public static bool IsPngOrJpeg(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]);

    /// <summary>
    /// Saves as PNG or JPEG (chosen by the extension), atomically. With <paramref name="parameters"/>, a PNG gets a
    /// <c>parameters</c> text chunk (the layout AUTOMATIC1111's web UI reads); JPEG has no such chunk here.
    /// </summary>
    public static void Save(PixelImage image, string path, string? parameters = null, int jpegQuality = 95)
    {
        var format = FormatOf(path);
        AtomicFile.WriteAllBytes(path, format == SKEncodedImageFormat.Png ? EncodePng(image, parameters) : Encode(image, format, jpegQuality));
    }

    /// <summary>PNG bytes, with a <c>parameters</c> text chunk when given.</summary>
    public static byte[] EncodePng(PixelImage image, string? parameters = null)
    {
        var bytes = Encode(image, SKEncodedImageFormat.Png);
        return parameters is null ? bytes : PngText.Insert(bytes, PngText.ParametersKeyword, parameters);
    }

    public static byte[] Encode(PixelImage image, SKEncodedImageFormat format, int jpegQuality = 95)
    {
        using var bitmap = ToBitmap(image);
        using var skImage = SKImage.FromBitmap(bitmap);
        using var data = skImage.Encode(format, format == SKEncodedImageFormat.Png ? 100 : jpegQuality)
                         ?? throw new InvalidOperationException($"SkiaSharp could not encode {format}.");
        return data.ToArray();
    }

    private static SKEncodedImageFormat FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".png" => SKEncodedImageFormat.Png,
        ".jpg" or ".jpeg" => SKEncodedImageFormat.Jpeg,
        var ext => throw new PigmentException($"Cannot write '{path}': the output must end in .png, .jpg or .jpeg, not '{ext}'."),
    };

    /// <summary>Copies a SkiaSharp bitmap (Gray8 or any colour type) into a <see cref="PixelImage"/>.</summary>
    internal static PixelImage FromBitmap(SKBitmap bitmap)
    {
        int w = bitmap.Width, h = bitmap.Height;
        if (bitmap.ColorType == SKColorType.Gray8)
        {
            var gray = new PixelImage(w, h, 1);
            for (int y = 0; y < h; y++)
                PixelSpan(bitmap).Slice(y * bitmap.RowBytes, w).CopyTo(gray.Pixels.AsSpan(y * w, w));
            return gray;
        }
        using var rgba = bitmap.ColorType == SKColorType.Rgba8888 && bitmap.AlphaType != SKAlphaType.Premul
            ? bitmap.Copy()
            : Convert(bitmap);
        var image = new PixelImage(w, h, 3);
        var src = PixelSpan(rgba);
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int s = y * rgba.RowBytes + 4 * x, d = 3 * (y * w + x);
                image.Pixels[d] = src[s];
                image.Pixels[d + 1] = src[s + 1];
                image.Pixels[d + 2] = src[s + 2];
            }
        }
        return image;
    }

    /// <summary>The bitmap's pixel memory as a writable span (RowBytes per row).</summary>
    private static Span<byte> PixelSpan(SKBitmap bitmap) => new((void*)bitmap.GetPixels(), bitmap.ByteCount);

    private static SKBitmap Convert(SKBitmap bitmap)
    {
        var info = new SKImageInfo(bitmap.Width, bitmap.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var copy = new SKBitmap(info);
        if (!bitmap.CopyTo(copy, SKColorType.Rgba8888))
        {
            using var canvas = new SKCanvas(copy);
            using var source = SKImage.FromBitmap(bitmap);
            canvas.DrawImage(source, 0, 0, SKSamplingOptions.Default);
        }
        return copy;
    }

    /// <summary>A SkiaSharp bitmap (Gray8 or opaque RGBA) holding a copy of the image.</summary>
    internal static SKBitmap ToBitmap(PixelImage image)
    {
        int w = image.Width, h = image.Height;
        if (image.Channels == 1)
        {
            var gray = new SKBitmap(new SKImageInfo(w, h, SKColorType.Gray8, SKAlphaType.Opaque));
            var dst = PixelSpan(gray);
            for (int y = 0; y < h; y++)
                image.Pixels.AsSpan(y * w, w).CopyTo(dst.Slice(y * gray.RowBytes, w));
            return gray;
        }
        var rgba = new SKBitmap(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var span = PixelSpan(rgba);
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int d = y * rgba.RowBytes + 4 * x, s = 3 * (y * w + x);
                span[d] = image.Pixels[s];
                span[d + 1] = image.Pixels[s + 1];
                span[d + 2] = image.Pixels[s + 2];
                span[d + 3] = 255;
            }
        }
        return rgba;
    }
}
