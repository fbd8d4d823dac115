using Pigment.Core.Diffusion;
using TorchSharp;
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

    public Tensor Sample(NoisePredictor model, Tensor noise, NoiseSchedule schedule, SamplerOptions options, Generator generator, Action<int>? onStep = null)
    {
        options.Validate(schedule.TrainingSteps);
        var plan = SamplingPlan.Create(schedule, options.Steps, options.Karras);
        var denoiser = new Denoiser(model, options.ClipDenoised);
        var x = noise * Math.Sqrt(1 + plan.Sigmas[0] * plan.Sigmas[0]);
        for (int i = 0; i < plan.Steps; i++)
        {
            using var scope = torch.NewDisposeScope();
            double sigma = plan.Sigmas[i], sigmaNext = plan.Sigmas[i + 1];
            var (x0, _) = denoiser.DenoiseVe(x, sigma, plan.Timesteps[i]);
            double sigmaUp = Math.Min(sigmaNext, Math.Sqrt(sigmaNext * sigmaNext * (sigma * sigma - sigmaNext * sigmaNext) / (sigma * sigma)));
            double sigmaDown = Math.Sqrt(sigmaNext * sigmaNext - sigmaUp * sigmaUp);
            var next = x + (sigmaDown - sigma) * ((x - x0) / sigma);
            if (sigmaUp > 0)
                next = next + sigmaUp * torch.randn(x.shape, generator: generator).to(x.device);
            x.Dispose();
            x = next.MoveToOuterDisposeScope();
            onStep?.Invoke(i + 1);
        }
        return x;
    }
}
