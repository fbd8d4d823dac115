using Pigment.Core;
using static TorchSharp.torch;

namespace Pigment.Samplers;

/// <summary>
/// Euler ancestral: each step goes down to σ_down with Euler's method and adds fresh noise of size σ_up, where
/// σ_up = min(σ′, √(σ′² (σ² − σ′²) / σ²)) and σ_down = √(σ′² − σ_up²), so the marginal noise level is σ′.
/// </summary>
public sealed class EulerAncestralSampler : ISampler
{
    public string Name => "euler-a";

    public string DisplayName => "Euler a";

    public SamplerSpace Space => SamplerSpace.Sigma;

    public StepOutput Step(SamplerStep step)
    {
        var x = step.X;
        double sigma = step.Sigma, sigmaNext = step.SigmaNext;
        var (x0, _) = step.Denoiser.DenoiseVe(x, sigma, step.Timestep);
        double sigmaUp = Math.Min(sigmaNext, Math.Sqrt(sigmaNext * sigmaNext * (sigma * sigma - sigmaNext * sigmaNext) / (sigma * sigma)));
        double sigmaDown = Math.Sqrt(sigmaNext * sigmaNext - sigmaUp * sigmaUp);
        var next = x.Plus((x - x0).Div(sigma).Mul(sigmaDown - sigma));
        return new StepOutput(sigmaUp > 0 ? next.Plus(step.Noise().Mul(sigmaUp)) : next, x0);
    }
}
