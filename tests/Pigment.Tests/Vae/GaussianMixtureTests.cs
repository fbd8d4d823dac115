using Pigment.Core;
using Pigment.Models.Vae;
using Pigment.Pipelines;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Tests.Vae;

public class GaussianMixtureTests
{
    /// <summary>3,000 points from two separated 2-d Gaussians: weight 0.3 at (−4, 0), isotropic σ 0.5; 0.7 at (3, 3), correlated.</summary>
    private static Tensor TwoClusters()
    {
        using var generator = new Generator(7);
        var a = torch.randn(900, 2, ScalarType.Float64, generator: generator).Mul(0.5).Plus(torch.tensor(new[] { -4.0, 0.0 }));
        var mix = torch.tensor(new[,] { { 1.0, 0.0 }, { 0.8, 0.6 } });               // covariance [[1, 0.8], [0.8, 1]]
        var b = torch.randn(2100, 2, ScalarType.Float64, generator: generator).matmul(mix.t()).Plus(torch.tensor(new[] { 3.0, 3.0 }));
        return torch.cat([a, b]).to(ScalarType.Float32);
    }

    [Fact]
    public void EmRecoversTheWeightsMeansAndCovariancesOfSeparatedClusters()
    {
        using var points = TwoClusters();
        var (mixture, logLikelihood, iterations) = GaussianMixture.Fit(points, 2, seed: 1);
        using (mixture)
        {
            Assert.True(iterations < 300, $"EM did not converge: {iterations} iterations");
            int small = mixture.Means[0, 0].item<double>() < 0 ? 0 : 1, large = 1 - small;
            Assert.Equal(0.3, Math.Exp(mixture.LogWeights[small].item<double>()), 2);
            Assert.Equal(-4.0, mixture.Means[small, 0].item<double>(), 1);
            Assert.Equal(3.0, mixture.Means[large, 1].item<double>(), 1);
            using var correlated = mixture.Cholesky[large].matmul(mixture.Cholesky[large].t());
            using var isotropic = mixture.Cholesky[small].matmul(mixture.Cholesky[small].t());
            Assert.Equal(0.8, correlated[0, 1].item<double>(), 1);
            Assert.Equal(0.25, isotropic[1, 1].item<double>(), 1);
            Assert.Equal(0.0, isotropic[0, 1].item<double>(), 1);
            using var density = mixture.LogDensity(points);
            Assert.Equal(logLikelihood, density.to(ScalarType.Float64).mean().item<double>(), 3);
        }
    }

    [Fact]
    public void OneComponentIsTheSampleGaussianAndItsDensityTheClosedForm()
    {
        using var points = TwoClusters();
        var (mixture, _, _) = GaussianMixture.Fit(points, 1, seed: 0, regularization: 0);
        using (mixture)
        {
            using var x = points.to(ScalarType.Float64);
            using var mean = x.mean([0L]);
            using var centred = x - mean;
            using var covariance = centred.t().matmul(centred).Div(x.shape[0]);
            Assert.True(mixture.Means[0].allclose(mean, atol: 1e-9));
            // log N(z; μ, Σ) = −½ (D log 2π + log|Σ| + (z − μ)ᵀ Σ⁻¹ (z − μ)), by an explicit inverse and determinant
            using var z = torch.tensor(new[,] { { 0.5, -1.0 }, { 3.0, 2.0 } });
            using var d = z - mean;
            using var quadratic = d.matmul(torch.linalg.inv(covariance)).mul(d).sum(1);
            using var expected = torch.linalg.det(covariance).log().Add(2 * Math.Log(2 * Math.PI)).Plus(quadratic).Mul(-0.5);
            using var actual = mixture.LogDensity(z);
            Assert.True(actual.allclose(expected, atol: 1e-9), $"{actual.str()} vs {expected.str()}");
        }
    }

    [Fact]
    public void SamplesFollowTheMixtureAndEachItemHasItsOwnSeed()
    {
        using var points = TwoClusters();
        var (mixture, _, _) = GaussianMixture.Fit(points, 2, seed: 1);
        using (mixture)
        {
            using var samples = mixture.Sample(4000, seed: 3);
            Assert.Equal(new long[] { 4000, 2 }, samples.shape);
            double leftShare = samples[.., 0].LessThan(-0.5).to(ScalarType.Float64).mean().item<double>();
            Assert.InRange(leftShare, 0.27, 0.33);
            using var one = mixture.Sample(1, seed: 3 + 17);
            Assert.True(TensorAssert.Same(samples[17].unsqueeze(0), one));
            using var cold = mixture.Sample(1, seed: 3 + 17, temperature: 0.01);
            int k = cold[0, 0].item<float>() < -0.5 ? (mixture.Means[0, 0].item<double>() < 0 ? 0 : 1) : (mixture.Means[0, 0].item<double>() < 0 ? 1 : 0);
            Assert.True(cold[0].to(ScalarType.Float64).allclose(mixture.Means[k], atol: 0.05));
        }
    }

    [Fact]
    public void SavedMixtureLoadsTheSameAndBadFilesAreRefused()
    {
        using var points = TwoClusters();
        var (mixture, _, _) = GaussianMixture.Fit(points, 2, seed: 1);
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "prior.safetensors");
        using (mixture)
        {
            mixture.Save(path);
            using var loaded = GaussianMixture.Load(path);
            Assert.True(TensorAssert.Same(mixture.LogDensity(points), loaded.LogDensity(points)));
        }
        var other = Path.Combine(folder.Path, "other.safetensors");
        Pigment.Core.Checkpoints.SafeTensors.Save(other, new Dictionary<string, Tensor> { ["means"] = torch.zeros(2, 2) });
        Assert.Throws<Pigment.Core.PigmentException>(() => GaussianMixture.Load(other));
        Assert.Throws<Pigment.Core.PigmentException>(() => GaussianMixture.Fit(points[..1], 2, seed: 0));
    }

    [Fact]
    public void ImportanceSamplingWithAStandardNormalMixtureMatchesTheDefaultPrior()
    {
        torch.manual_seed(3);
        using var vae = new ConvVae(new VaeConfig { ImageSize = 8, LatentDim = 3, Width = 4, HiddenDim = 16 });
        vae.eval();
        using var x = torch.rand(4, 1, 8, 8, generator: new Generator(5)).LessThan(0.5).to(ScalarType.Float32);
        // one component at 0 with identity covariance: fitted to many standard normal points, with no regularization
        using var standard = torch.randn(200_000, 3, generator: new Generator(6));
        var (mixture, _, _) = GaussianMixture.Fit(standard, 1, seed: 0, regularization: 0);
        using (mixture)
        {
            using var withMixture = ImportanceSampledNll.Estimate(vae, x, 50, new Generator(8), prior: mixture.LogDensity);
            using var plain = ImportanceSampledNll.Estimate(vae, x, 50, new Generator(8));
            Assert.True(withMixture.allclose(plain, atol: 0.05), $"{withMixture.str()} vs {plain.str()}");
        }
    }
}
