using Pigment.Core;
using Pigment.Core.Data;
using Pigment.Core.Imaging;
using TorchSharp;

namespace Pigment.Tests.Data;

public class LoaderTests
{
    [Fact]
    public void BatchesHaveTheRightShapeRangeAndLabels()
    {
        var set = new ShapesDataset(count: 40, size: 16, seed: 0);
        using var loader = new BatchLoader(set, batchSize: 8, seed: 1);
        Assert.Equal(5, loader.BatchesPerEpoch);
        using var batch = loader.Next();
        Assert.Equal(new long[] { 8, 3, 16, 16 }, batch.Images.shape);
        Assert.True(batch.Images.min().item<float>() >= -1 && batch.Images.max().item<float>() <= 1);
        Assert.Equal(8, batch.Captions.Count);
        var order = loader.Order(0);
        Assert.Equal(set.Get(order[0]).Label, batch.Labels[0].item<long>());
        Assert.Equal(set.Get(order[0]).Caption, batch.Captions[0]);
    }

    [Fact]
    public void ResumingAtBatchKGivesTheSameBatches()
    {
        var set = new ShapesDataset(count: 24, size: 16, seed: 0);
        var augment = new AugmentationOptions { HorizontalFlip = true, MaxRotationDegrees = 10, MaxScaleChange = 0.1, Brightness = 0.1 };
        var fresh = new List<torch.Tensor>();
        using (var loader = new BatchLoader(set, 8, seed: 5, augmentation: augment))
            for (int i = 0; i < 5; i++)
                fresh.Add(loader.Next().Images);
        using (var resumed = new BatchLoader(set, 8, seed: 5, augmentation: augment, startBatch: 3))
        {
            using var third = resumed.Next();
            using var fourth = resumed.Next();
            Assert.True(TensorAssert.Same(fresh[3], third.Images));
            Assert.True(TensorAssert.Same(fresh[4], fourth.Images));
            Assert.Equal(1, fourth.Epoch); // 3 batches per epoch
        }
        Assert.False(TensorAssert.Same(fresh[0], fresh[3])); // a new epoch is a new permutation and new augmentation
        fresh.ForEach(t => t.Dispose());
    }

    [Fact]
    public void AugmentationKeepsRangeAndFlipsWhenAsked()
    {
        using var image = torch.rand(4, 3, 8, 8, generator: new torch.Generator(3));
        using var g = new torch.Generator(1);
        using var same = Augmentation.Apply(image, AugmentationOptions.None, g);
        Assert.True(TensorAssert.Same(same, image));
        using var all = Augmentation.Apply(image, new AugmentationOptions { Brightness = 0.5, Contrast = 0.5, Saturation = 0.5, MaxRotationDegrees = 30 }, g);
        Assert.True(all.min().item<float>() >= 0 && all.max().item<float>() <= 1);
        Assert.False(TensorAssert.Same(all, image));
        Assert.Throws<PigmentException>(() => new AugmentationOptions { MaxScaleChange = 2 }.Validate());
    }

    [Fact]
    public void ImageFoldersUseSubfoldersAsClasses()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("cats"));
        Directory.CreateDirectory(temp.File("dogs"));
        ImageIO.Save(Core.PixelImageTests.Gradient(20, 10), Path.Combine(temp.File("cats"), "a.png"));
        ImageIO.Save(Core.PixelImageTests.Gradient(10, 30), Path.Combine(temp.File("dogs"), "b.jpg"));
        var set = new ImageFolderDataset(temp.Path, size: 8);
        Assert.Equal(["cats", "dogs"], set.ClassNames);
        Assert.Equal(2, set.Count);
        Assert.Equal((8, 8, 3), (set.Get(1).Image.Width, set.Get(1).Image.Height, set.Get(1).Image.Channels));
        Assert.Equal(1, set.Get(1).Label);
        Assert.Throws<PigmentException>(() => new ImageFolderDataset(temp.File("cats/none"), 8));
        var catalog = DatasetCatalog.Open("folder:" + temp.Path, size: 12);
        Assert.Equal(12, catalog.Width);
        Assert.Throws<PigmentException>(() => DatasetCatalog.Open("imagenet"));
    }
}
