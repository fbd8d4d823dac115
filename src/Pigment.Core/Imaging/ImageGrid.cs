using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Core.Imaging;

/// <summary>Lays a batch of images out as one grid image, with padding between and around the cells.</summary>
public static class ImageGrid
{
    /// <summary>
    /// A (C, H', W') grid from a (B, C, H, W) batch in [0, 1]: <paramref name="columns"/> per row (default ⌈√B⌉),
    /// <paramref name="padding"/> pixels of <paramref name="padValue"/> between cells and around the edge.
    /// </summary>
    public static Tensor Make(Tensor batch, int? columns = null, int padding = 2, float padValue = 1f)
    {
        if (batch.dim() != 4)
            throw new ArgumentException($"Expected a (B, C, H, W) batch, got shape [{string.Join(", ", batch.shape)}].");
        if (padding < 0)
            throw new ArgumentOutOfRangeException(nameof(padding));
        long n = batch.shape[0], c = batch.shape[1], h = batch.shape[2], w = batch.shape[3];
        long cols = Math.Max(1, Math.Min(n, columns ?? (long)Math.Ceiling(Math.Sqrt(n))));
        long rows = (n + cols - 1) / cols;
        var grid = ScalarMath.Full([c, rows * (h + padding) + padding, cols * (w + padding) + padding], (double)padValue, batch.dtype, batch.device);
        using var scope = torch.NewDisposeScope();
        for (long i = 0; i < n; i++)
        {
            long y = padding + i / cols * (h + padding), x = padding + i % cols * (w + padding);
            grid[.., TensorIndex.Slice(y, y + h), TensorIndex.Slice(x, x + w)] = batch[i];
        }
        return grid;
    }

    /// <summary>A grid of images; grayscale ones are shown as RGB when the batch mixes both.</summary>
    public static PixelImage Make(IReadOnlyList<PixelImage> images, int? columns = null, int padding = 2, byte padValue = 255)
    {
        if (images.Count == 0)
            throw new ArgumentException("A grid needs at least one image.", nameof(images));
        int channels = images.Any(i => i.Channels == 3) ? 3 : 1;
        using var scope = torch.NewDisposeScope();
        var batch = ImageTensor.ToBatch(images.Select(i => i.WithChannels(channels)).ToList());
        return ImageTensor.ToImage(Make(batch, columns, padding, padValue / 255f));
    }
}
