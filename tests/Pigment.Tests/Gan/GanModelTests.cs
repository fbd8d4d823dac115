using Pigment.Models.Gan;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Tests.Gan;

public class GanModelTests
{
    [Fact]
    public void SpectralNormalisationFindsTheLargestSingularValue()
    {
        using var weight = torch.randn(8, 3, 3, 3, generator: new Generator(1));
        using var u = nn.functional.normalize(torch.randn(8, generator: new Generator(2)), dim: 0);
        for (int i = 0; i < 50; i++)
            SpectralNormalization.Normalize(weight, u, updateU: true).Dispose();
        using var normalized = SpectralNormalization.Normalize(weight, u, updateU: false);
        using var singular = torch.linalg.svdvals(normalized.reshape(8, -1));
        Assert.Equal(1.0, singular.max().item<float>(), 3);
    }

    [Fact]
    public void GeneratorAndProjectionDiscriminatorShapes()
    {
        torch.manual_seed(0);
        var config = new GanConfig { ImageSize = 28, LatentDim = 8, Width = 8, NumClasses = 10, SpectralNorm = true };
        using var g = new DcganGenerator(config);
        using var d = new DcganDiscriminator(config);
        using var labels = torch.tensor(new long[] { 3, 7 });
        using var images = g.call(torch.randn(2, 8), labels);
        Assert.Equal(new long[] { 2, 1, 28, 28 }, images.shape);
        Assert.True(images.abs().max().item<float>() <= 1);
        using var logits = d.call(images, labels);
        Assert.Equal(new long[] { 2 }, logits.shape);
        Assert.Contains(d.state_dict().Keys, k => k.EndsWith(".u", StringComparison.Ordinal)); // the power-iteration vector is saved
    }
}

public class Dcgan64Tests
{
    [Theory]
    [InlineData(8, 2)]
    [InlineData(28, 2)]
    [InlineData(32, 3)]
    [InlineData(64, 4)]
    public void LevelsKeepTheStartingGridAtFourOrMore(int size, int levels) =>
        Assert.Equal(levels, Pigment.Pipelines.GanTraining.Levels(size));

    [Fact]
    public void A64PixelDcganDoublesFourTimesAndKeepsTheDigitModelsParameterNames()
    {
        torch.manual_seed(0);
        var config = new GanConfig { ImageSize = 64, Channels = 3, LatentDim = 8, Width = 8, Levels = 4, NumClasses = 9 };
        using var g = new DcganGenerator(config);
        using var d = new DcganDiscriminator(config);
        using var labels = torch.tensor(new long[] { 0, 8 });
        using var images = g.call(torch.randn(2, 8), labels);
        Assert.Equal(new long[] { 2, 3, 64, 64 }, images.shape);
        using var logits = d.call(images, labels);
        Assert.Equal(new long[] { 2 }, logits.shape);
        Assert.Contains("deeper.1.weight", d.state_dict().Keys);
        Assert.Equal(64, g.state_dict()["project.weight"].shape[0] / 16);          // 8·2³ channels at 4×4

        // Two levels give exactly the parameter names the shipped gan-mnist was saved with.
        using var digits = new DcganGenerator(new GanConfig { LatentDim = 8, Width = 8, NumClasses = 10 });
        Assert.Equal(["body.0.bias", "body.0.num_batches_tracked", "body.0.running_mean", "body.0.running_var", "body.0.weight", "body.2.bias", "body.2.weight",
            "body.3.bias", "body.3.num_batches_tracked", "body.3.running_mean", "body.3.running_var", "body.3.weight", "body.5.bias", "body.5.weight",
            "label_embedding.weight", "project.bias", "project.weight"], digits.state_dict().Keys.Order(StringComparer.Ordinal));
    }
}
