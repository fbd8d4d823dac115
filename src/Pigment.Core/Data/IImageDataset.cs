using Pigment.Core.Imaging;

namespace Pigment.Core.Data;

/// <summary>One example: the image, its class (−1 when the dataset has none) and its caption (null when none).</summary>
public sealed record DatasetItem(PixelImage Image, int Label, string? Caption);

/// <summary>
/// A finite, indexable set of same-sized images. <see cref="Get"/> is deterministic and thread-safe, so loaders
/// may call it from background threads.
/// </summary>
public interface IImageDataset
{
    /// <summary>A short name for logs and model cards, e.g. "mnist/train".</summary>
    string Name { get; }

    int Count { get; }

    int Width { get; }

    int Height { get; }

    /// <summary>1 (grayscale) or 3 (RGB).</summary>
    int Channels { get; }

    /// <summary>The class names by label; empty when the dataset is unlabelled.</summary>
    IReadOnlyList<string> ClassNames { get; }

    DatasetItem Get(int index);
}
