using Pigment.Core.Diffusion;
using TorchSharp;
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

    public Tensor Sample(NoisePredictor model, Tensor noise, NoiseSchedule schedule, SamplerOptions options, Generator generator, Action<int>? onStep = null)
    {
        options.Validate(schedule.TrainingSteps);
        var plan = SamplingPlan.Create(schedule, options.Steps, options.Karras);
        var denoiser = new Denoiser(model, options.ClipDenoised);
        var x = noise.alias();
        for (int i = 0; i < plan.Steps; i++)
        {
            using var scope = torch.NewDisposeScope();
            double abar = NoiseSchedule.AlphaCumprodOf(plan.Sigmas[i]);
            double abarNext = NoiseSchedule.AlphaCumprodOf(plan.Sigmas[i + 1]);
            var epsilon = denoiser.Epsilon(x, plan.Timesteps[i]);
            var x0 = denoiser.DenoisedFromVp(x, epsilon, abar);
            if (options.ClipDenoised)
                epsilon = (x - Math.Sqrt(abar) * x0) / Math.Sqrt(1 - abar); // the ε consistent with the clamped x̂_0
            double sigma = options.Eta * Math.Sqrt((1 - abarNext) / (1 - abar)) * Math.Sqrt(1 - abar / abarNext);
            var next = Math.Sqrt(abarNext) * x0 + Math.Sqrt(Math.Max(0, 1 - abarNext - sigma * sigma)) * epsilon;
            if (sigma > 0)
                next = next + sigma * torch.randn(x.shape, generator: generator).to(x.device);
            x.Dispose();
            x = next.MoveToOuterDisposeScope();
            onStep?.Invoke(i + 1);
        }
        return x;
    }
}
