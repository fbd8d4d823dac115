using Pigment.Core;
using Pigment.Core.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Tests.Core;

public class FilterTests
{
    [Theory]
    [InlineData(FilterKind.Box)]
    [InlineData(FilterKind.Gaussian)]
    [InlineData(FilterKind.Sharpen)]
    public void SmoothingAndSharpeningKeepAConstantImage(FilterKind kind)
    {
        // With reflect padding a constant image stays constant at the borders too (kernels sum to 1).
        using var image = ScalarMath.Full([3, 12, 10], 0.4f);
        using var result = ConvolutionFilters.Apply(image, kind, size: 5, sigma: 1.5);
        Assert.True(result.allclose(image, atol: 1e-5));
    }

    [Fact]
    public void GaussianKernelIsNormalisedAndSymmetric()
    {
        using var k = Kernels.Gaussian(1.0);
        Assert.Equal(new long[] { 7, 7 }, k.shape); // 2⌈3σ⌉ + 1
        Assert.Equal(1.0, k.sum().item<float>(), 5);
        Assert.True(k.allclose(k.t()));
        Assert.True(k[3, 3].item<float>() > k[3, 4].item<float>());
    }

    [Fact]
    public void ConvolveMatchesAHandComputation()
    {
        // 3x3 image, kernel with a single 1 right of centre: out(x, y) = in(x+1, y), reflected at the edge.
        using var image = torch.tensor(new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, [1, 3, 3]);
        using var shift = Kernels.Parse("0,0,0;0,0,1;0,0,0");
        using var result = ConvolutionFilters.Convolve(image, shift);
        Assert.Equal(new float[] { 2, 3, 2, 5, 6, 5, 8, 9, 8 }, result.data<float>().ToArray());
    }

    [Fact]
    public void SobelFindsAStepEdgeWithUnitStrength()
    {
        // Left half black, right half white: |∇| peaks at the edge columns and is 0 in flat regions.
        using var image = torch.zeros(3, 8, 8);
        image[.., .., TensorIndex.Slice(4, null)] = torch.tensor(1f);
        using var edges = ConvolutionFilters.Apply(image, FilterKind.Sobel);
        Assert.Equal(new long[] { 1, 8, 8 }, edges.shape);
        Assert.Equal(1f, edges[0, 4, 3].item<float>(), 4);
        Assert.Equal(0f, edges[0, 4, 0].item<float>(), 5);
        Assert.Equal(0f, edges[0, 4, 7].item<float>(), 5);
    }

    [Fact]
    public void LaplacianOfARampIsZeroInside()
    {
        using var start = 0.ToScalar();
        using var stop = 1.ToScalar();
        using var step = 0.1f.ToScalar();
        using var ramp = torch.arange(start, stop, step).expand(1, 10, 10).contiguous();
        using var lap = ConvolutionFilters.Convolve(ramp, Kernels.Laplacian());
        Assert.True(lap[.., TensorIndex.Slice(1, -1), TensorIndex.Slice(1, -1)].abs().max().item<float>() < 1e-5);
    }

    [Fact]
    public void BatchedFilteringEqualsOneByOne()
    {
        using var batch = torch.rand(3, 3, 16, 16, generator: new Generator(7));
        using var all = ConvolutionFilters.Apply(batch, FilterKind.Gaussian, sigma: 2);
        for (int i = 0; i < 3; i++)
        {
            using var one = ConvolutionFilters.Apply(batch[i], FilterKind.Gaussian, sigma: 2);
            Assert.True(one.allclose(all[i], atol: 1e-6));
        }
    }

    [Theory]
    [InlineData("1,2;3,4", "odd")]
    [InlineData("1,2,3;4,5", "different lengths")]
    [InlineData("1,x,3", "not a number")]
    [InlineData("1/0", "divides by zero")]
    [InlineData("", "empty")]
    public void BadKernelTextIsExplained(string text, string expected)
    {
        var e = Assert.Throws<PigmentException>(() => Kernels.Parse(text));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void KernelTextAcceptsFractions()
    {
        using var k = Kernels.Parse("1/9,1/9,1/9; 1/9,1/9,1/9; 1/9,1/9,1/9");
        using var box = Kernels.Box(3);
        Assert.True(k.allclose(box));
    }

    [Fact]
    public void TooLargeKernelsAndSizesAreRejected()
    {
        using var tiny = torch.zeros(1, 4, 4);
        Assert.Throws<PigmentException>(() => ConvolutionFilters.Apply(tiny, FilterKind.Box, size: 9));
        Assert.Throws<PigmentException>(() => Kernels.Box(4));
        Assert.Throws<PigmentException>(() => Kernels.Gaussian(-1));
    }
}
