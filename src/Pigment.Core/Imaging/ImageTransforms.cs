using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Core.Imaging;

/// <summary>Resizing and cropping, for images in memory (SkiaSharp) and for tensors (torch).</summary>
public static class ImageTransforms
{
    /// <summary>Resizes with Mitchell cubic filtering (or mipmapped linear when shrinking by more than 2×).</summary>
    public static PixelImage Resize(PixelImage image, int width, int height)
    {
        if (width <= 0 || height <= 0)
            throw new PigmentException($"Cannot resize to {width}x{height}: sizes must be positive.");
        if (width == image.Width && height == image.Height)
            return new PixelImage(width, height, image.Channels, (byte[])image.Pixels.Clone());
        using var source = ImageIO.ToBitmap(image);
        var info = new SKImageInfo(width, height, source.ColorType, source.AlphaType);
        bool shrinkingALot = width * 2 < image.Width || height * 2 < image.Height;
        var sampling = shrinkingALot
            ? new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear)
            : new SKSamplingOptions(SKCubicResampler.Mitchell);
        using var resized = source.Resize(info, sampling)
                            ?? throw new InvalidOperationException("SkiaSharp could not resize the image.");
        return ImageIO.FromBitmap(resized);
    }

    /// <summary>The rectangle [x, x+width) × [y, y+height), which must lie inside the image.</summary>
    public static PixelImage Crop(PixelImage image, int x, int y, int width, int height)
    {
        if (x < 0 || y < 0 || width <= 0 || height <= 0 || x + width > image.Width || y + height > image.Height)
            throw new PigmentException($"Crop {width}x{height} at ({x}, {y}) does not fit in a {image.Width}x{image.Height} image.");
        var result = new PixelImage(width, height, image.Channels);
        int c = image.Channels;
        for (int row = 0; row < height; row++)
            image.Pixels.AsSpan(((y + row) * image.Width + x) * c, width * c).CopyTo(result.Pixels.AsSpan(row * width * c));
        return result;
    }

    /// <summary>The largest centred square, resized to size × size: how datasets of photos are usually prepared.</summary>
    public static PixelImage CenterCropResize(PixelImage image, int size)
    {
        int side = Math.Min(image.Width, image.Height);
        var square = side == image.Width && side == image.Height
            ? image
            : Crop(image, (image.Width - side) / 2, (image.Height - side) / 2, side, side);
        return side == size ? square : Resize(square, size, size);
    }

    /// <summary>Resizes a (B, C, H, W) or (C, H, W) tensor bilinearly, with antialiasing when shrinking.</summary>
    public static Tensor Resize(Tensor images, int width, int height)
    {
        bool single = images.dim() == 3;
        using var batch = single ? images.unsqueeze(0) : images.alias();
        var resized = nn.functional.interpolate(batch, [height, width], mode: InterpolationMode.Bilinear, align_corners: false, antialias: true);
        if (!single)
            return resized;
        using (resized)
            return resized.squeeze(0);
    }
}
