using Pigment.Core.Imaging;

namespace Pigment.Core.Data;

/// <summary>
/// A folder of PNG and JPEG files. When it has subfolders holding images, each subfolder is a class (sorted by
/// name; its images are found at any depth); otherwise the images are unlabelled. Every image is centre-cropped
/// to a square, resized to <c>size × size</c>, and converted to the asked number of channels. Files are read
/// when an item is asked for, so a large folder costs little memory.
/// </summary>
public sealed class ImageFolderDataset : IImageDataset
{
    private readonly (string Path, int Label)[] _files;

    public ImageFolderDataset(string folder, int size, int channels = 3)
    {
        if (!Directory.Exists(folder))
            throw new PigmentException($"No such folder: '{folder}'.");
        if (size is < 1 or > 4096)
            throw new PigmentException($"The image size must be from 1 to 4096, not {size}.");
        if (channels is not (1 or 3))
            throw new PigmentException($"Channels must be 1 or 3, not {channels}.");
        var classFolders = Directory.GetDirectories(folder)
            .Where(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories).Any(ImageIO.IsImagePath))
            .OrderBy(d => d, StringComparer.Ordinal)
            .ToArray();
        if (classFolders.Length > 0)
        {
            ClassNames = classFolders.Select(Path.GetFileName).ToArray()!;
            _files = classFolders
                .SelectMany((dir, label) => ImagesUnder(dir, SearchOption.AllDirectories).Select(f => (f, label)))
                .ToArray();
        }
        else
        {
            ClassNames = [];
            _files = ImagesUnder(folder, SearchOption.TopDirectoryOnly).Select(f => (f, -1)).ToArray();
        }
        if (_files.Length == 0)
            throw new PigmentException($"'{folder}' holds no PNG or JPEG images.");
        Name = "folder:" + Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
        Width = Height = size;
        Channels = channels;
    }

    private static IEnumerable<string> ImagesUnder(string dir, SearchOption option) =>
        Directory.EnumerateFiles(dir, "*", option).Where(ImageIO.IsImagePath).OrderBy(f => f, StringComparer.Ordinal);

    public string Name { get; }

    public int Count => _files.Length;

    public int Width { get; }

    public int Height { get; }

    public int Channels { get; }

    public IReadOnlyList<string> ClassNames { get; }

    public string PathOf(int index) => _files[index].Path;

    public DatasetItem Get(int index)
    {
        var (path, label) = _files[index];
        var image = ImageTransforms.CenterCropResize(ImageIO.Load(path), Width).WithChannels(Channels);
        return new DatasetItem(image, label, null);
    }
}
