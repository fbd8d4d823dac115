using Pigment.Core;
using Pigment.Core.Imaging;
using TorchSharp;

namespace Pigment.Tests.Core;

public class PixelImageTests
{
    [Theory]
    [InlineData(255, 0, 0, 76)]     // 0.299·255 = 76.245
    [InlineData(0, 255, 0, 150)]    // 0.587·255 = 149.685
    [InlineData(0, 0, 255, 29)]     // 0.114·255 = 29.07
    [InlineData(10, 200, 30, 124)]  // 2.99 + 117.4 + 3.42 = 123.81
    [InlineData(255, 255, 255, 255)]
    [InlineData(1, 1, 1, 1)]
    public void GrayscaleUsesBt601WeightsAndRounds(byte r, byte g, byte b, byte expected)
    {
        var image = new PixelImage(1, 1, 3, [r, g, b]);
        Assert.Equal(expected, image.ToGrayscale().Pixels[0]);
    }

    [Fact]
    public void PngRoundTripIsLossless()
    {
        using var temp = new TempFolder();
        var rgb = Gradient(17, 9);
        ImageIO.Save(rgb, temp.File("a.png"));
        var back = ImageIO.Load(temp.File("a.png"));
        Assert.Equal(3, back.Channels);
        Assert.Equal(rgb.Pixels, back.Pixels);

        var gray = rgb.ToGrayscale();
        ImageIO.Save(gray, temp.File("g.png"));
        var grayBack = ImageIO.Load(temp.File("g.png"));
        Assert.Equal(1, grayBack.Channels);
        Assert.Equal(gray.Pixels, grayBack.Pixels);
    }

    [Fact]
    public void JpegRoundTripIsClose()
    {
        using var temp = new TempFolder();
        var rgb = Gradient(32, 32).ToGrayscale().ToRgb(); // smooth, no chroma: what JPEG keeps well
        ImageIO.Save(rgb, temp.File("a.jpg"));
        var back = ImageIO.Load(temp.File("a.jpg"));
        Assert.Equal((32, 32, 3), (back.Width, back.Height, back.Channels));
        double meanError = rgb.Pixels.Zip(back.Pixels, (x, y) => Math.Abs(x - y)).Average();
        Assert.True(meanError < 3, $"mean JPEG error {meanError}");
    }

    [Fact]
    public void LoadingBadFilesGivesClearErrors()
    {
        using var temp = new TempFolder();
        var missing = Assert.Throws<PigmentException>(() => ImageIO.Load(temp.File("nope.png")));
        Assert.Contains("No such file", missing.Message);
        File.WriteAllText(temp.File("text.png"), "not an image");
        var notImage = Assert.Throws<PigmentException>(() => ImageIO.Load(temp.File("text.png")));
        Assert.Contains("not an image", notImage.Message);
        var badExtension = Assert.Throws<PigmentException>(() => ImageIO.Save(Gradient(2, 2), temp.File("out.bmp")));
        Assert.Contains(".png", badExtension.Message);
        Assert.False(File.Exists(temp.File("out.bmp")));
    }

    [Fact]
    public void TensorConversionsRoundTripInBothRanges()
    {
        var image = Gradient(5, 4);
        foreach (var range in new[] { PixelRange.ZeroToOne, PixelRange.MinusOneToOne })
        {
            using var tensor = ImageTensor.ToTensor(image, range);
            Assert.Equal(new long[] { 3, 4, 5 }, tensor.shape);
            Assert.Equal(range == PixelRange.ZeroToOne ? 0f : -1f, tensor.min().item<float>(), 5);
            Assert.Equal(image.Pixels, ImageTensor.ToImage(tensor, range).Pixels);
        }
        // CHW layout: channel 1 (green) of pixel (x=2, y=1).
        using var t = ImageTensor.ToTensor(image);
        Assert.Equal(image[2, 1, 1] / 255f, t[1, 1, 2].item<float>(), 6);
    }

    [Fact]
    public void BatchesStackImages()
    {
        var images = new[] { Gradient(6, 6), Gradient(6, 6).ToGrayscale().ToRgb() };
        using var batch = ImageTensor.ToBatch(images);
        Assert.Equal(new long[] { 2, 3, 6, 6 }, batch.shape);
        var back = ImageTensor.ToImages(batch);
        Assert.Equal(images[1].Pixels, back[1].Pixels);
    }

    [Fact]
    public void CropAndResize()
    {
        var image = Gradient(40, 20);
        var crop = ImageTransforms.Crop(image, 3, 2, 10, 5);
        Assert.Equal(image[3, 2, 0], crop[0, 0, 0]);
        Assert.Equal(image[12, 6, 2], crop[9, 4, 2]);
        Assert.Throws<PigmentException>(() => ImageTransforms.Crop(image, 35, 0, 10, 5));

        var square = ImageTransforms.CenterCropResize(image, 10);
        Assert.Equal((10, 10), (square.Width, square.Height));
        var resized = ImageTransforms.Resize(image, 80, 40);
        Assert.Equal((80, 40, 3), (resized.Width, resized.Height, resized.Channels));

        using var tensor = ImageTensor.ToTensor(image);
        using var small = ImageTransforms.Resize(tensor, 20, 10);
        Assert.Equal(new long[] { 3, 10, 20 }, small.shape);
    }

    internal static PixelImage Gradient(int width, int height)
    {
        var image = new PixelImage(width, height, 3);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                image[x, y, 0] = (byte)(x * 255 / Math.Max(1, width - 1));
                image[x, y, 1] = (byte)(y * 255 / Math.Max(1, height - 1));
                image[x, y, 2] = (byte)((x * 7 + y * 13) % 256);
            }
        return image;
    }
}
