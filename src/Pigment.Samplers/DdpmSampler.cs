using Pigment.Core.Diffusion;
using TorchSharp;
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

    public Tensor Sample(NoisePredictor model, Tensor noise, NoiseSchedule schedule, SamplerOptions options, Generator generator, Action<int>? onStep = null)
    {
        options.Validate(schedule.TrainingSteps);
        var plan = SamplingPlan.Create(schedule, options.Steps, options.Karras);
        var denoiser = new Denoiser(model, options.ClipDenoised);
        var x = noise.alias();                                      // x_T in VP form
        for (int i = 0; i < plan.Steps; i++)
        {
            using var scope = torch.NewDisposeScope();
            double abar = NoiseSchedule.AlphaCumprodOf(plan.Sigmas[i]);
            double abarNext = NoiseSchedule.AlphaCumprodOf(plan.Sigmas[i + 1]);   // 1 at the last step
            double alpha = abar / abarNext, beta = 1 - alpha;
            var epsilon = denoiser.Epsilon(x, plan.Timesteps[i]);
            var x0 = denoiser.DenoisedFromVp(x, epsilon, abar);
            var mean = Math.Sqrt(abarNext) * beta / (1 - abar) * x0 + Math.Sqrt(alpha) * (1 - abarNext) / (1 - abar) * x;
            double variance = (1 - abarNext) / (1 - abar) * beta;          // β̃, 0 at the last step
            var next = variance > 0
                ? mean + Math.Sqrt(variance) * torch.randn(x.shape, generator: generator).to(x.device)
                : mean;
            x.Dispose();
            x = next.MoveToOuterDisposeScope();
            onStep?.Invoke(i + 1);
        }
        return x;
    }
}
