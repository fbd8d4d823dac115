using static TorchSharp.torch;

namespace Pigment.Samplers;

/// <summary>
/// Euler's method on the probability-flow ODE in sigma space (Karras et al. 2022, Algorithm 1 without the
/// second-order correction): dx/dσ = (x − x̂_0(x, σ)) / σ, so x′ = x + (σ′ − σ) · (x − x̂_0) / σ.
/// </summary>
public sealed class EulerSampler : LoopSampler
{
    public override string Name => "euler";

    public override string DisplayName => "Euler";

    protected override bool SigmaSpace => true;

    protected override Tensor Step(Tensor x, int i, SamplingPlan plan, Denoiser denoiser, SamplerOptions options, Generator generator)
    {
        double sigma = plan.Sigmas[i], sigmaNext = plan.Sigmas[i + 1];
        var (x0, _) = denoiser.DenoiseVe(x, sigma, plan.Timesteps[i]);
        var derivative = (x - x0) / sigma;                                  // d = (x − x̂_0) / σ
        return x + (sigmaNext - sigma) * derivative;
    }
}
