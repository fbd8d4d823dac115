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
