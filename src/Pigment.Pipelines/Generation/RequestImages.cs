using Pigment.Core.Imaging;
using static TorchSharp.torch;

namespace Pigment.Pipelines.Generation;

/// <summary>
/// A starting image and a mask brought to what a model makes: its channels (gray or RGB) and its size (center crop,
/// then resize). The CLI reads them from files, the web server from uploads; both end here.
/// </summary>
public static class RequestImages
{
    /// <summary>A starting image as (C, H, W) in [0, 1] with the model's channels and size.</summary>
    public static Tensor InitImage(PixelImage image, IImageGenerator generator)
    {
        if (image.Channels != generator.Channels)
            image = generator.Channels == 1 ? image.ToGrayscale() : image.ToRgb();
        return ImageTensor.ToTensor(AtSize(image, generator.Size));
    }

    /// <summary>A mask as (H, W) in [0, 1] (the image's luma: white = paint anew), at the model's size.</summary>
    public static Tensor Mask(PixelImage image, IImageGenerator generator)
    {
        if (image.Channels != 1)
            image = image.ToGrayscale();
        using var chw = ImageTensor.ToTensor(AtSize(image, generator.Size));
        return chw[0].clone();
    }

    private static PixelImage AtSize(PixelImage image, int size) =>
        image.Width != size || image.Height != size ? ImageTransforms.CenterCropResize(image, size) : image;
}
