using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Core.Imaging;

/// <summary>The value range of pixel tensors: [0, 1] for filters and display, [-1, 1] for generative models.</summary>
public enum PixelRange
{
    ZeroToOne,
    MinusOneToOne,
}

/// <summary>Converts between <see cref="PixelImage"/> (HWC bytes) and float tensors (CHW, or BCHW for batches).</summary>
public static class ImageTensor
{
    /// <summary>(C, H, W) float32 in the given range: v = byte / 255, or 2·byte/255 − 1.</summary>
    public static Tensor ToTensor(PixelImage image, PixelRange range = PixelRange.ZeroToOne, Device? device = null)
    {
        var data = ToChw(image, range);
        return torch.tensor(data, [image.Channels, image.Height, image.Width], ScalarType.Float32, device ?? CPU);
    }

    /// <summary>(B, C, H, W) float32; all images must share size and channel count.</summary>
    public static Tensor ToBatch(IReadOnlyList<PixelImage> images, PixelRange range = PixelRange.ZeroToOne, Device? device = null)
    {
        if (images.Count == 0)
            throw new ArgumentException("A batch needs at least one image.", nameof(images));
        var first = images[0];
        int per = first.Channels * first.Height * first.Width;
        var data = new float[images.Count * per];
        for (int i = 0; i < images.Count; i++)
        {
            var image = images[i];
            if (image.Width != first.Width || image.Height != first.Height || image.Channels != first.Channels)
                throw new ArgumentException("All images of a batch must have the same size and channels.", nameof(images));
            WriteChw(image, range, data.AsSpan(i * per, per));
        }
        return torch.tensor(data, [images.Count, first.Channels, first.Height, first.Width], ScalarType.Float32, device ?? CPU);
    }

    /// <summary>The image's pixels as a CHW float array in the given range.</summary>
    public static float[] ToChw(PixelImage image, PixelRange range)
    {
        var data = new float[image.Pixels.Length];
        WriteChw(image, range, data);
        return data;
    }

    private static void WriteChw(PixelImage image, PixelRange range, Span<float> destination)
    {
        int c = image.Channels, plane = image.Width * image.Height;
        var src = image.Pixels;
        float scale = range == PixelRange.ZeroToOne ? 1f / 255f : 2f / 255f;
        float offset = range == PixelRange.ZeroToOne ? 0f : -1f;
        for (int ch = 0; ch < c; ch++)
            for (int i = 0; i < plane; i++)
                destination[ch * plane + i] = src[i * c + ch] * scale + offset;
    }

    /// <summary>
    /// A (C, H, W) or (1, C, H, W) tensor with C = 1 or 3 back to bytes: values are clamped to the range and
    /// rounded to the nearest byte.
    /// </summary>
    public static PixelImage ToImage(Tensor tensor, PixelRange range = PixelRange.ZeroToOne)
    {
        using var scope = torch.NewDisposeScope();
        var t = tensor.dim() == 4 && tensor.shape[0] == 1 ? tensor[0] : tensor;
        if (t.dim() != 3 || t.shape[0] is not (1 or 3))
            throw new ArgumentException($"Expected a (C, H, W) tensor with 1 or 3 channels, got shape [{string.Join(", ", tensor.shape)}].");
        int c = (int)t.shape[0], h = (int)t.shape[1], w = (int)t.shape[2];
        var unit = range == PixelRange.ZeroToOne ? t : t.Add(1).Div(2);
        // byte = round(255 · clamp(v, 0, 1)), laid out HWC.
        var bytes = unit.detach().to(CPU).to_type(ScalarType.Float32).Clamp(0, 1).Mul(255).round()
            .to_type(ScalarType.Byte).permute(1, 2, 0).contiguous();
        var pixels = new byte[c * h * w];
        bytes.bytes.CopyTo(pixels);
        return new PixelImage(w, h, c, pixels);
    }

    /// <summary>Each image of a (B, C, H, W) batch as a <see cref="PixelImage"/>.</summary>
    public static PixelImage[] ToImages(Tensor batch, PixelRange range = PixelRange.ZeroToOne)
    {
        if (batch.dim() != 4)
            throw new ArgumentException($"Expected a (B, C, H, W) batch, got shape [{string.Join(", ", batch.shape)}].");
        var images = new PixelImage[batch.shape[0]];
        for (int i = 0; i < images.Length; i++)
        {
            using var item = batch[i];
            images[i] = ToImage(item, range);
        }
        return images;
    }
}
