using Pigment.Core.Data;
using Pigment.Core.Imaging;
using Pigment.Models.Diffusion;

namespace Pigment.Tests.Diffusion;

/// <summary>Tiny fixtures: an 8×8 labelled dataset of blobs and a UNet of a few channels.</summary>
public sealed class TinyDataset : IImageDataset
{
    public string Name => "tiny";

    public int Count => 32;

    public int Width => 8;

    public int Height => 8;

    public int Channels => 1;

    public IReadOnlyList<string> ClassNames { get; } = ["left", "right"];

    public DatasetItem Get(int index)
    {
        int label = index % 2;
        var image = new PixelImage(8, 8, 1);
        for (int y = 0; y < 8; y++)
            for (int x = 0; x < 8; x++)
                image[x, y, 0] = (byte)((label == 0 ? x < 4 : x >= 4) ? 200 + index % 50 : 10 + y);
        return new DatasetItem(image, label, null);
    }
}

public static class Tiny
{
    public static UNetConfig UNet(int classes = 2) => new()
    {
        ImageSize = 8,
        InChannels = 1,
        BaseChannels = 8,
        ChannelMultipliers = [1, 2],
        ResBlocksPerLevel = 1,
        AttentionLevels = [1],
        AttentionHeads = 2,
        NumClasses = classes,
        NormGroups = 4,
        Dropout = 0.1,
    };
}
