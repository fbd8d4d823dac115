using Pigment.Core.Data.Shapes;
using Pigment.Core.Imaging;
using Pigment.Pipelines.TextToImage;
using Pigment.Samplers;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Pigment.Tests.TextToImage;

public sealed class TextToImagePipelineTests
{
    private static TextDraw Draw(string prompt, int count, long seed, int steps = 4) =>
        new([prompt], count, seed, new DpmSolverPlusPlus2MSampler(), new SamplerOptions { Steps = steps }, 3.0);

    private static Tensor Scene(long seed)
    {
        var scene = ShapeSceneGenerator.GenerateCaptioned(new Random((int)seed), 32, ShapeVocabulary.HeldOutPairs);
        return ImageTensor.ToTensor(ShapeRenderer.Render(scene));                         // (3, 32, 32) in [0, 1]
    }

    [Fact]
    public void ThePromptChangesTheImageAndTheSeedReproducesIt()
    {
        using var pipeline = TinyTextToImage.Create();
        using var a = pipeline.Draw(Draw("a red circle", 2, 5));
        using var b = pipeline.Draw(Draw("a red circle", 2, 5));
        using var c = pipeline.Draw(Draw("three blue stars above", 2, 5));
        Assert.Equal(new long[] { 2, 3, 32, 32 }, a.shape);
        Assert.True(TensorAssert.Same(a, b));
        Assert.False(a.allclose(c, atol: 1e-4));
        Assert.True(a.min().item<float>() >= 0 && a.max().item<float>() <= 1);
    }

    [Theory]
    [InlineData("dpm++2m")]
    [InlineData("euler-a")]
    [InlineData("ddpm")]
    [InlineData("dpm++2m-sde")]
    public void ImageIIsTheSingleImageOfSeedPlusI(string sampler)
    {
        using var pipeline = TinyTextToImage.Create();
        using var batch = pipeline.Draw(Draw("two green triangles", 3, 40) with { Sampler = SamplerCatalog.Create(sampler) });
        using var third = pipeline.Draw(Draw("two green triangles", 1, 42) with { Sampler = SamplerCatalog.Create(sampler) });
        TensorAssert.Close(third[0], batch[2], 1e-5);
    }

    [Fact]
    public void StrengthZeroReturnsTheAutoencodersRoundTripAndStrengthOneIgnoresTheImage()
    {
        using var pipeline = TinyTextToImage.Create();
        using var init = Scene(3);
        using var latents = pipeline.EncodeImage(init);
        using var roundTrip = pipeline.DecodeLatents(latents);
        using var zero = pipeline.Draw(Draw("a cyan square", 1, 9) with { Init = init, Strength = 0 });
        TensorAssert.Close(roundTrip, zero, 1e-6);
        using var one = pipeline.Draw(Draw("a cyan square", 1, 9) with { Init = init, Strength = 1 });
        using var txt2img = pipeline.Draw(Draw("a cyan square", 1, 9));
        TensorAssert.Close(txt2img, one, 1e-5);
    }

    [Fact]
    public void InpaintingKeepsEveryPixelOutsideTheBlurredMask()
    {
        using var pipeline = TinyTextToImage.Create();
        using var init = Scene(4);
        using var mask = torch.zeros(32, 32);
        mask[TensorIndex.Slice(8, 20), TensorIndex.Slice(10, 22)] = torch.ones(12, 12);
        using var result = pipeline.Draw(Draw("a yellow star", 1, 11) with { Init = init, Strength = 1, Mask = mask, MaskBlur = 1.5 });
        using var blurred = TextToImagePipeline.BlurMask(mask, 1.5);
        using var outside = blurred.reshape(32, 32).eq(torch.zeros(1));
        Assert.True(outside.sum().item<long>() > 500);
        using var expected = init.masked_select(outside.expand(3, 32, 32));
        using var actual = result[0].masked_select(outside.expand(3, 32, 32));
        Assert.True(TensorAssert.Same(expected, actual));
        using var inside = mask.eq(torch.ones(1)).expand(3, 32, 32);
        Assert.False(init.masked_select(inside).allclose(result[0].masked_select(inside), atol: 1e-3));
    }

    [Fact]
    public void TheEmptyPromptAsNegativeIsPlainGuidanceAndRescaleZeroChangesNothing()
    {
        using var pipeline = TinyTextToImage.Create();
        using var plain = pipeline.Draw(Draw("a pink hexagon", 1, 2));
        using var emptyNegative = pipeline.Draw(Draw("a pink hexagon", 1, 2) with { Negative = "" });
        using var negative = pipeline.Draw(Draw("a pink hexagon", 1, 2) with { Negative = "pink" });
        using var rescaled = pipeline.Draw(Draw("a pink hexagon", 1, 2) with { GuidanceRescale = 0.7 });
        TensorAssert.Close(plain, emptyNegative, 1e-5);
        Assert.False(plain.allclose(negative, atol: 1e-4));
        Assert.False(plain.allclose(rescaled, atol: 1e-4));
    }
}
