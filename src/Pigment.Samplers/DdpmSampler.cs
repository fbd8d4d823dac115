using Pigment.Core.Diffusion;
using static TorchSharp.torch;

namespace Pigment.Samplers;

/// <summary>
/// Ancestral sampling from the learned reverse process (Ho et al. 2020), on any subsequence of timesteps
/// (Nichol &amp; Dhariwal 2021 "respacing"): from t to the next t′ with ᾱ, ᾱ′ and α = ᾱ/ᾱ′, β = 1 − α,
/// x_{t′} = μ̃(x_t, x̂_0) + √β̃ z, with the posterior of q(x_{t′} | x_t, x_0):
/// μ̃ = (√ᾱ′ β / (1−ᾱ)) x̂_0 + (√α (1−ᾱ′) / (1−ᾱ)) x_t and β̃ = (1−ᾱ′)/(1−ᾱ) · β.
/// </summary>
public sealed class DdpmSampler : LoopSampler
{
    public override string Name => "ddpm";

    public override string DisplayName => "DDPM";

    protected override bool SigmaSpace => false;

    protected override Tensor Step(Tensor x, int i, SamplingPlan plan, Denoiser denoiser, SamplerOptions options, Generator generator)
    {
        double abar = NoiseSchedule.AlphaCumprodOf(plan.Sigmas[i]);
        double abarNext = NoiseSchedule.AlphaCumprodOf(plan.Sigmas[i + 1]);   // 1 at the last step
        double alpha = abar / abarNext, beta = 1 - alpha;
        var epsilon = denoiser.Epsilon(x, plan.Timesteps[i]);
        var x0 = denoiser.DenoisedFromVp(x, epsilon, abar);
        var mean = Math.Sqrt(abarNext) * beta / (1 - abar) * x0 + Math.Sqrt(alpha) * (1 - abarNext) / (1 - abar) * x;
        double variance = (1 - abarNext) / (1 - abar) * beta;                // β̃, 0 at the last step
        return variance > 0 ? mean + Math.Sqrt(variance) * Noise(x, generator) : mean;
    }
}
