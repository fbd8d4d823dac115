using Pigment.Core.Diffusion;
using static TorchSharp.torch;

namespace Pigment.Samplers;

/// <summary>
/// DDIM (Song et al. 2021): x_{t′} = √ᾱ′ x̂_0 + √(1 − ᾱ′ − σ²) ε̂ + σ z, with
/// σ = η √((1−ᾱ′)/(1−ᾱ)) √(1 − ᾱ/ᾱ′). η = 0 is deterministic (an ODE solver); η = 1 matches DDPM.
/// </summary>
public sealed class DdimSampler : LoopSampler
{
    public override string Name => "ddim";

    public override string DisplayName => "DDIM";

    protected override bool SigmaSpace => false;

    protected override Tensor Step(Tensor x, int i, SamplingPlan plan, Denoiser denoiser, SamplerOptions options, Generator generator)
    {
        double abar = NoiseSchedule.AlphaCumprodOf(plan.Sigmas[i]);
        double abarNext = NoiseSchedule.AlphaCumprodOf(plan.Sigmas[i + 1]);
        var epsilon = denoiser.Epsilon(x, plan.Timesteps[i]);
        var x0 = denoiser.DenoisedFromVp(x, epsilon, abar);
        if (options.ClipDenoised)
            epsilon = (x - Math.Sqrt(abar) * x0) / Math.Sqrt(1 - abar);      // the ε consistent with the clamped x̂_0
        double sigma = options.Eta * Math.Sqrt((1 - abarNext) / (1 - abar)) * Math.Sqrt(1 - abar / abarNext);
        var next = Math.Sqrt(abarNext) * x0 + Math.Sqrt(Math.Max(0, 1 - abarNext - sigma * sigma)) * epsilon;
        return sigma > 0 ? next + sigma * Noise(x, generator) : next;
    }
}
