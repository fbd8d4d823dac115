using Pigment.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Evaluation;

/// <summary>
/// The Fréchet distance between Gaussians fitted to two feature sets (Heusel et al. 2017):
/// d² = ‖μ₁ − μ₂‖² + Tr(Σ₁ + Σ₂ − 2 (Σ₁^½ Σ₂ Σ₁^½)^½).
/// The matrix square roots come from symmetric eigendecompositions in float64: Σ₁^½ = V diag(√λ) Vᵀ, and
/// Tr((Σ₁^½ Σ₂ Σ₁^½)^½) = Σ √λᵢ over the eigenvalues of the symmetric PSD matrix Σ₁^½ Σ₂ Σ₁^½ (which equals
/// Tr((Σ₁Σ₂)^½)); eigenvalues below zero from rounding are clamped to 0.
/// </summary>
public static class FrechetDistance
{
    public static double Compute(Tensor featuresA, Tensor featuresB)
    {
        using var scope = torch.NewDisposeScope();
        var (muA, sigmaA) = Moments(featuresA);
        var (muB, sigmaB) = Moments(featuresB);
        var sqrtA = SymmetricSqrt(sigmaA);
        var middle = sqrtA.matmul(sigmaB).matmul(sqrtA);
        middle = middle.Plus(middle.T).Div(2);                        // re-symmetrise against rounding
        var (eigenvalues, _) = torch.linalg.eigh(middle);
        double traceSqrt = eigenvalues.ClampMin(0).sqrt().sum().item<double>();
        double meanTerm = (muA - muB).square().sum().item<double>();
        double trace = sigmaA.trace().item<double>() + sigmaB.trace().item<double>();
        return Math.Max(0, meanTerm + trace - 2 * traceSqrt);
    }

    /// <summary>Mean (D) and unbiased covariance (D, D) of (N, D) features, in float64.</summary>
    public static (Tensor Mean, Tensor Covariance) Moments(Tensor features)
    {
        var x = features.to_type(ScalarType.Float64).cpu();
        var mean = x.mean([0]);
        var centred = x - mean;
        var covariance = centred.T.matmul(centred).Div(x.shape[0] - 1);
        return (mean, covariance);
    }

    /// <summary>A^½ = V diag(√max(λ, 0)) Vᵀ for a symmetric PSD matrix A.</summary>
    public static Tensor SymmetricSqrt(Tensor a)
    {
        var (values, vectors) = torch.linalg.eigh(a);
        return vectors.matmul(torch.diag(values.ClampMin(0).sqrt())).matmul(vectors.T);
    }
}
