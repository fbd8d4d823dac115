using Pigment.Core;
using static TorchSharp.torch;

namespace Pigment.Samplers;

/// <summary>
/// Euler's method on the probability-flow ODE in sigma space (Karras et al. 2022, Algorithm 1 without the
/// second-order correction): dx/dσ = (x − x̂_0(x, σ)) / σ, so x′ = x + (σ′ − σ) · (x − x̂_0) / σ.
/// </summary>
public sealed class EulerSampler : ISampler
{
    public string Name => "euler";

    public string DisplayName => "Euler";

    public SamplerSpace Space => SamplerSpace.Sigma;

    public StepOutput Step(SamplerStep step)
    {
        var x = step.X;
        double sigma = step.Sigma, sigmaNext = step.SigmaNext;
        var (x0, _) = step.Denoiser.DenoiseVe(x, sigma, step.Timestep);
        var derivative = (x - x0).Div(sigma);                                 // d = (x − x̂_0) / σ
        return new StepOutput(x.Plus(derivative.Mul(sigmaNext - sigma)), x0);
    }
}
