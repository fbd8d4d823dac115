using Pigment.Core;
using Pigment.Core.Diffusion;
using static TorchSharp.torch;

namespace Pigment.Samplers;

/// <summary>
/// Ancestral sampling from the learned reverse process (Ho et al. 2020), on any subsequence of timesteps
/// (Nichol &amp; Dhariwal 2021 "respacing"): from t to the next t′ with ᾱ, ᾱ′ and α = ᾱ/ᾱ′, β = 1 − α,
/// x_{t′} = μ̃(x_t, x̂_0) + √β̃ z, with the posterior of q(x_{t′} | x_t, x_0):
/// μ̃ = (√ᾱ′ β / (1−ᾱ)) x̂_0 + (√α (1−ᾱ′) / (1−ᾱ)) x_t and β̃ = (1−ᾱ′)/(1−ᾱ) · β.
/// </summary>
public sealed class DdpmSampler : ISampler
{
    public string Name => "ddpm";

    public string DisplayName => "DDPM";

    public SamplerSpace Space => SamplerSpace.VariancePreserving;

    public StepOutput Step(SamplerStep step)
    {
        var x = step.X;
        double abar = NoiseSchedule.AlphaCumprodOf(step.Sigma);
        double abarNext = NoiseSchedule.AlphaCumprodOf(step.SigmaNext);      // 1 at the last step
        double alpha = abar / abarNext, beta = 1 - alpha;
        var epsilon = step.Denoiser.Epsilon(x, step.Timestep);
        var x0 = step.Denoiser.DenoisedFromVp(x, epsilon, abar);
        var mean = x0.Mul(Math.Sqrt(abarNext) * beta / (1 - abar)).Plus(x.Mul(Math.Sqrt(alpha) * (1 - abarNext) / (1 - abar)));
        double variance = (1 - abarNext) / (1 - abar) * beta;                // β̃, 0 at the last step
        return new StepOutput(variance > 0 ? mean.Plus(step.Noise().Mul(Math.Sqrt(variance))) : mean, x0);
    }
}
