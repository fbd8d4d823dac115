using Pigment.Core;
using Pigment.Core.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Tests.Classic;

/// <summary>The SIMD CPU path of ConvolutionFilters (float32) against conv2d (which float64 tensors still take).</summary>
public class FastConvolutionTests
{
    public static TheoryData<string> KernelNames => ["gaussian", "box5", "sharpen", "sobel", "emboss", "random5x3", "one", "row1x7"];

    [Theory]
    [MemberData(nameof(KernelNames))]
    public void MatchesConv2dWithReflectPadding(string name)
    {
        using var scope = torch.NewDisposeScope();
        var kernel = name switch
        {
            "gaussian" => Kernels.Gaussian(2.0),
            "box5" => Kernels.Box(5),
            "sharpen" => Kernels.Sharpen(),
            "sobel" => Kernels.SobelX(),
            "emboss" => Kernels.Emboss(),
            "random5x3" => torch.rand(5, 3, generator: new torch.Generator(3)).Sub(0.5),
            "one" => torch.ones(1, 1).Mul(2),
            _ => torch.rand(1, 7, generator: new torch.Generator(4)),
        };
        foreach (var shape in new long[][] { [2, 3, 17, 23], [3, 40, 9], [1, 7, 7] })
        {
            var images = torch.rand(shape, generator: new torch.Generator(1));
            var fast = ConvolutionFilters.Convolve(images, kernel);
            var reference = ConvolutionFilters.Convolve(images.to_type(ScalarType.Float64), kernel.to_type(ScalarType.Float64));
            Assert.Equal(images.shape, fast.shape);
            Assert.True(fast.to_type(ScalarType.Float64).allclose(reference, rtol: 1e-5, atol: 1e-5), $"{name} on [{string.Join(",", shape)}]");
        }
    }

    [Fact]
    public void ApplyClampsLikeBefore()
    {
        using var scope = torch.NewDisposeScope();
        var images = torch.rand([3, 33, 31], generator: new torch.Generator(2));
        foreach (var kind in new[] { FilterKind.Sharpen, FilterKind.Emboss, FilterKind.Gaussian, FilterKind.Box, FilterKind.Laplacian, FilterKind.Sobel })
        {
            var fast = ConvolutionFilters.Apply(images, kind);
            var reference = ConvolutionFilters.Apply(images.to_type(ScalarType.Float64), kind);
            Assert.True(fast.min().ToSingle() >= 0 && fast.max().ToSingle() <= 1);
            Assert.True(fast.to_type(ScalarType.Float64).allclose(reference, rtol: 1e-5, atol: 1e-5), kind.ToString());
        }
    }
}
