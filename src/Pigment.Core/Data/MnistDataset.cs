using Pigment.Core.Imaging;

namespace Pigment.Core.Data;

public enum DatasetSplit
{
    Train,
    Test,
}

/// <summary>
/// MNIST-format data (MNIST, Fashion-MNIST, KMNIST): the four standard IDX files
/// (<c>train-images-idx3-ubyte</c>, <c>train-labels-idx1-ubyte</c>, <c>t10k-images-idx3-ubyte</c>,
/// <c>t10k-labels-idx1-ubyte</c>, each optionally <c>.gz</c>) in one folder. Without a folder, the 10,000 digits
/// bundled in data/mnist (8,000 train / 2,000 test) are used.
/// </summary>
public sealed class MnistDataset : IImageDataset
{
    private static readonly string[] Digits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    private readonly byte[] _images;
    private readonly byte[] _labels;

    private MnistDataset(string name, byte[] images, byte[] labels, int height, int width)
    {
        Name = name;
        _images = images;
        _labels = labels;
        Height = height;
        Width = width;
    }

    public static string BundledFolder => Path.Combine(PigmentPaths.DataFolder, "mnist");

    /// <summary>Loads one split from <paramref name="folder"/> (default: the bundled digits).</summary>
    public static MnistDataset Load(DatasetSplit split, string? folder = null)
    {
        folder ??= BundledFolder;
        if (!Directory.Exists(folder))
            throw new PigmentException($"No such folder: '{folder}'.");
        var prefix = split == DatasetSplit.Train ? "train" : "t10k";
        var images = Idx.Read(Find(folder, $"{prefix}-images-idx3-ubyte"));
        var labels = Idx.Read(Find(folder, $"{prefix}-labels-idx1-ubyte"));
        if (images.Dimensions.Length != 3 || labels.Dimensions.Length != 1 || images.Dimensions[0] != labels.Dimensions[0])
            throw new PigmentException($"The {prefix} files in '{folder}' do not match: images [{string.Join(", ", images.Dimensions)}], labels [{string.Join(", ", labels.Dimensions)}].");
        var name = (folder == BundledFolder ? "mnist" : Path.GetFileName(Path.TrimEndingDirectorySeparator(folder))) + "/" + split.ToString().ToLowerInvariant();
        return new MnistDataset(name, images.Data, labels.Data, images.Dimensions[1], images.Dimensions[2]);
    }

    private static string Find(string folder, string stem)
    {
        foreach (var candidate in new[] { stem + ".gz", stem, stem.Replace("-idx", ".idx") + ".gz", stem.Replace("-idx", ".idx") })
        {
            var path = Path.Combine(folder, candidate);
            if (File.Exists(path))
                return path;
        }
        throw new PigmentException($"'{folder}' has no {stem}[.gz] file; an MNIST-format folder holds the four standard IDX files.");
    }

    public string Name { get; }

    public int Count => _labels.Length;

    public int Width { get; }

    public int Height { get; }

    public int Channels => 1;

    public IReadOnlyList<string> ClassNames => Digits;

    /// <summary>All labels, in order.</summary>
    public ReadOnlySpan<byte> Labels => _labels;

    public DatasetItem Get(int index)
    {
        if ((uint)index >= (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(index), $"Index {index} is outside 0..{Count - 1}.");
        int size = Width * Height;
        var pixels = _images.AsSpan(index * size, size).ToArray();
        return new DatasetItem(new PixelImage(Width, Height, 1, pixels), _labels[index], null);
    }
}
