using Pigment.Core;
using Pigment.Core.Data;

namespace Pigment.Tests.Data;

public class MnistTests
{
    [Fact]
    public void BundledSplitIsStratified8000By2000()
    {
        var train = MnistDataset.Load(DatasetSplit.Train);
        var test = MnistDataset.Load(DatasetSplit.Test);
        Assert.Equal(8000, train.Count);
        Assert.Equal(2000, test.Count);
        Assert.Equal((28, 28, 1), (train.Width, train.Height, train.Channels));
        int[] testPerClass = [200, 225, 198, 206, 196, 173, 203, 214, 189, 196];
        for (int d = 0; d < 10; d++)
        {
            int inTest = test.Labels.ToArray().Count(l => l == d);
            int inTrain = train.Labels.ToArray().Count(l => l == d);
            Assert.Equal(testPerClass[d], inTest);
            Assert.InRange(inTest / (double)(inTest + inTrain), 0.199, 0.201); // 20% of every class
        }
    }

    [Fact]
    public void DigitsLookLikeDigits()
    {
        var train = MnistDataset.Load(DatasetSplit.Train);
        var item = train.Get(0);
        Assert.InRange(item.Label, 0, 9);
        // A digit: dark background corners, some bright ink, and a mean intensity typical of MNIST (~0.13).
        Assert.Equal(0, item.Image[0, 0, 0]);
        Assert.True(item.Image.Pixels.Max() > 200);
        double mean = Enumerable.Range(0, 500).Average(i => train.Get(i).Image.Pixels.Average(b => b / 255.0));
        Assert.InRange(mean, 0.10, 0.16);
    }

    [Fact]
    public void ReadsStandardIdxFolders()
    {
        using var temp = new TempFolder();
        var images = Enumerable.Range(0, 2 * 4 * 3).Select(i => (byte)i).ToArray();
        foreach (var (name, dims, data, gzip) in new[]
                 {
                     ("train-images-idx3-ubyte", new[] { 2, 4, 3 }, images, false),
                     ("train-labels-idx1-ubyte.gz", new[] { 2 }, new byte[] { 7, 1 }, true),
                 })
        {
            using var file = File.Create(temp.File(name));
            Idx.Write(file, dims, data, gzip);
        }
        var set = MnistDataset.Load(DatasetSplit.Train, temp.Path);
        Assert.Equal((2, 3, 4), (set.Count, set.Width, set.Height));
        Assert.Equal(7, set.Get(0).Label);
        Assert.Equal(images[12..24], set.Get(1).Image.Pixels);
        var e = Assert.Throws<PigmentException>(() => MnistDataset.Load(DatasetSplit.Test, temp.Path));
        Assert.Contains("t10k-images-idx3-ubyte", e.Message);
    }
}
