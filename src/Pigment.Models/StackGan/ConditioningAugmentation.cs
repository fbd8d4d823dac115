using Pigment.Core;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Models.StackGan;

/// <summary>
/// Conditioning augmentation (Zhang et al. 2017, §3.1): a linear map of the text embedding φ_t to the mean μ and log
/// variance log σ² of a Gaussian, and ĉ = μ + σ ⊙ ε with ε ~ N(0, I). Many nearby conditions per caption smooth the
/// conditioning manifold; the KL term keeps the Gaussian near N(0, I).
/// </summary>
public sealed class ConditioningAugmentation : nn.Module<Tensor, Tensor, (Tensor Condition, Tensor Mean, Tensor LogVariance)>
{
    private readonly Linear project;
    private readonly int _dim;

    public ConditioningAugmentation(int textDim, int conditionDim) : base(nameof(ConditioningAugmentation))
    {
        _dim = conditionDim;
        project = nn.Linear(textDim, 2 * conditionDim);
        RegisterComponents();
    }

    /// <param name="text">φ_t, (B, textDim)</param>
    /// <param name="noise">ε, (B, conditionDim) standard normal</param>
    public override (Tensor Condition, Tensor Mean, Tensor LogVariance) forward(Tensor text, Tensor noise)
    {
        using var scope = torch.NewDisposeScope();
        var stats = project.call(text);
        var mean = stats.narrow(1, 0, _dim);
        var logVariance = stats.narrow(1, _dim, _dim).Clamp(-10.0, 10.0);
        var condition = mean.Plus(logVariance.Mul(0.5).exp().mul(noise));
        return (condition.MoveToOuterDisposeScope(), mean.MoveToOuterDisposeScope(), logVariance.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// KL(N(μ, σ²) ‖ N(0, I)) per feature: ½ (μ² + σ² − 1 − log σ²) averaged over features and batch (the paper's
    /// code averages it so; summed over features it would outweigh the adversarial loss and wash out the text).
    /// </summary>
    public static Tensor KlDivergence(Tensor mean, Tensor logVariance)
    {
        using var scope = torch.NewDisposeScope();
        var kl = mean.square().Plus(logVariance.exp()).Sub(1.0).sub(logVariance).mean().Mul(0.5);
        return kl.MoveToOuterDisposeScope();
    }
}
