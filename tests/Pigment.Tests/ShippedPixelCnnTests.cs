using Pigment.Pipelines;

namespace Pigment.Tests;

/// <summary>models/pixelcnn-mnist still loads and still gives the likelihood its card reports.</summary>
public class ShippedPixelCnnTests
{
    [Fact]
    public void PixelCnnMnistGivesItsTestLikelihood()
    {
        // Sampling takes one pass per pixel (too slow for the suite), so the check is the exact NLL of the first 100
        // test digits (binarized with seed 0), which one pass per image (and per class for the marginal) gives.
        using var pipeline = PixelCnnPipeline.Load(ModelStore.Resolve("pixelcnn-mnist"));
        var nll = pipeline.TestNll(limit: 100, seed: 0);
        Assert.Equal(100, nll.Images);
        Assert.InRange(nll.Nats, 60, MaxNats);
        // −log p(x) = −log Σ_y (1/10) p(x | y) ≤ −log p(x | y_true) + log 10, image by image.
        Assert.True(nll.MarginalNats is { } marginal && marginal <= nll.Nats + Math.Log(10) + 1e-3,
            $"marginal {nll.MarginalNats} vs conditional {nll.Nats}");
    }

    /// <summary>
    /// `./pigment nll pixelcnn-mnist --limit 100` measured 80.58 nats (−log p(x | y)) on these 100 digits; one nat of
    /// margin for floating-point differences between machines.
    /// </summary>
    private const double MaxNats = 81.6;
}
