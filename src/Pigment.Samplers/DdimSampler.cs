using Pigment.Core;
using Pigment.Core.Diffusion;
using static TorchSharp.torch;

namespace Pigment.Samplers;

/// <summary>
/// DDIM (Song et al. 2021): x_{t′} = √ᾱ′ x̂_0 + √(1 − ᾱ′ − σ²) ε̂ + σ z, with
/// σ = η √((1−ᾱ′)/(1−ᾱ)) √(1 − ᾱ/ᾱ′). η = 0 is deterministic (an ODE solver); η = 1 matches DDPM.
/// </summary>
public sealed class DdimSampler : ISampler
{
    public string Name => "ddim";

    public string DisplayName => "DDIM";

    public SamplerSpace Space => SamplerSpace.VariancePreserving;

    public StepOutput Step(SamplerStep step)
    {
        var x = step.X;
        double abar = NoiseSchedule.AlphaCumprodOf(step.Sigma);
        double abarNext = NoiseSchedule.AlphaCumprodOf(step.SigmaNext);
        var epsilon = step.Denoiser.Epsilon(x, step.Timestep);
        var x0 = step.Denoiser.DenoisedFromVp(x, epsilon, abar);
        if (step.Options.ClipDenoised)
            epsilon = (x - x0.Mul(Math.Sqrt(abar))).Div(Math.Sqrt(1 - abar));      // the ε consistent with the clamped x̂_0
        double sigma = step.Options.Eta * Math.Sqrt((1 - abarNext) / (1 - abar)) * Math.Sqrt(1 - abar / abarNext);
        var next = x0.Mul(Math.Sqrt(abarNext)).Plus(epsilon.Mul(Math.Sqrt(Math.Max(0, 1 - abarNext - sigma * sigma))));
        return new StepOutput(sigma > 0 ? next.Plus(step.Noise().Mul(sigma)) : next, x0);
    }
}
