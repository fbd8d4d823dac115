using Pigment.Core;
using Pigment.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Tests.Evaluation;

public class MetricTests
{
    [Fact]
    public void MatrixSquareRootSquaresBack()
    {
        using var a = torch.tensor(new double[] { 4, 1, 0, 1, 3, 1, 0, 1, 2 }, [3, 3]);
        using var root = FrechetDistance.SymmetricSqrt(a);
        Assert.True(root.matmul(root).allclose(a, atol: 1e-10));
    }

    [Fact]
    public void FrechetDistanceMatchesTheGaussianFormula()
    {
        // N(0, I) against N(m, 4I) in D dims: d² = ‖m‖² + Tr(I + 4I − 2·2I) = ‖m‖² + D.
        int n = 40_000, d = 4;
        using var a = torch.randn(n, d, generator: new Generator(1), dtype: ScalarType.Float64);
        using var b = torch.randn(n, d, generator: new Generator(2), dtype: ScalarType.Float64).Mul(2).Add(1);
        double fid = FrechetDistance.Compute(a, b);
        Assert.InRange(fid, (4 + 4) * 0.95, (4 + 4) * 1.05);
        Assert.True(FrechetDistance.Compute(a, a) < 1e-8);
    }

    [Fact]
    public void PrecisionAndRecallSeeOverlapAndMissingModes()
    {
        using var real = torch.randn(600, 2, generator: new Generator(1));
        using var same = torch.randn(600, 2, generator: new Generator(2));
        var (p, r) = PrecisionRecall.Compute(real, same);
        Assert.InRange(p, 0.9, 1.0);
        Assert.InRange(r, 0.9, 1.0);

        using var far = same.Add(100);
        var (pFar, rFar) = PrecisionRecall.Compute(real, far);
        Assert.Equal(0, pFar);
        Assert.Equal(0, rFar);

        // Generated points covering only half of the real distribution: high precision, about half the recall.
        using var half = same[same[.., 0].GreaterThan(0)];
        var (pHalf, rHalf) = PrecisionRecall.Compute(real, half);
        Assert.InRange(pHalf, 0.85, 1.0);
        Assert.InRange(rHalf, 0.35, 0.7);
    }

    [Fact]
    public void NearCopiesCountCopiesButNotNewDrawsFromTheSameDistribution()
    {
        // "Images" of 16 values: a training set, held-out draws and fresh draws from the same distribution.
        using var train = torch.randn(2000, 1, 4, 4, generator: new Generator(1));
        using var heldOut = torch.randn(1000, 1, 4, 4, generator: new Generator(2));
        using var fresh = torch.randn(1000, 1, 4, 4, generator: new Generator(3));
        using var copies = new NearCopies(train, heldOut);
        Assert.True(copies.Threshold > 0);
        Assert.InRange(copies.Fraction(heldOut), 0.04, 0.06);                // 5% by construction
        Assert.InRange(copies.Fraction(fresh), 0.02, 0.09);                  // new draws look like held-out ones
        using var copied = train[TensorIndex.Slice(0, 500)].Plus(torch.randn(500, 1, 4, 4, generator: new Generator(4)).Mul(0.01));
        Assert.Equal(1.0, copies.Fraction(copied));                           // lightly perturbed training images
        using var wrongSize = torch.zeros(3, 1, 5, 5);
        Assert.Throws<ArgumentException>(() => copies.Fraction(wrongSize));
    }
}
