namespace Pigment.Core.Data;

/// <summary>
/// Datasets by the names the command line accepts: <c>mnist</c> (the bundled digits), <c>mnist:FOLDER</c> (any
/// MNIST-format folder, e.g. Fashion-MNIST), <c>shapes</c>, <c>emoji</c> (the bundled colour emoji: by category, one
/// style, or by style), and <c>folder:PATH</c>.
/// </summary>
public static class DatasetCatalog
{
    public const string Help = "mnist, mnist:FOLDER, shapes, shapes:sd (text-to-image scenes), emoji, emoji:google, emoji:twitter, emoji:style or folder:PATH";

    public static IImageDataset Open(string name, DatasetSplit split = DatasetSplit.Train, int? size = null, long seed = 0)
    {
        var (kind, argument) = name.IndexOf(':') is var colon and > 0 ? (name[..colon], name[(colon + 1)..]) : (name, null);
        switch (kind.ToLowerInvariant())
        {
            case "mnist":
                return MnistDataset.Load(split, string.IsNullOrEmpty(argument) ? null : argument);
            case "shapes" when argument is null:
                // Train and test are disjoint streams: different seeds.
                return new ShapesDataset(count: split == DatasetSplit.Train ? 50_000 : 5_000, size: size ?? ShapesDataset.DefaultSize,
                    seed: split == DatasetSplit.Train ? seed : seed + 1_000_003);
            case "shapes" when argument == "sd":
                // The text-to-image scenes at 64×64: a million training scenes drawn on demand; the test stream is disjoint.
                return new ShapesDataset(count: split == DatasetSplit.Train ? 1_000_000 : 5_000, size: size ?? 64,
                    seed: split == DatasetSplit.Train ? seed : seed + 1_000_003, captioned: true);
            case "emoji" when size is not null && size != EmojiDataset.Size:
                throw new PigmentException($"The emoji are {EmojiDataset.Size}×{EmojiDataset.Size} images, not {size}×{size}.");
            case "emoji" when argument is null:
                return new EmojiDataset(split);
            case "emoji" when argument == "style":
                return new EmojiDataset(split, label: EmojiLabel.Style);
            case "emoji" when EmojiDataset.Styles.Contains(argument):
                return new EmojiDataset(split, [argument]);
            case "folder" when !string.IsNullOrEmpty(argument):
                return new ImageFolderDataset(argument, size ?? 64);
            default:
                throw new PigmentException($"Unknown dataset '{name}': use {Help}.");
        }
    }
}
