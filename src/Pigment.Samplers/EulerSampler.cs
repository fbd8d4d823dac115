using Pigment.Core.Diffusion;
using TorchSharp;
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

    public Tensor Sample(NoisePredictor model, Tensor noise, NoiseSchedule schedule, SamplerOptions options, Generator generator, Action<int>? onStep = null)
    {
        options.Validate(schedule.TrainingSteps);
        var plan = SamplingPlan.Create(schedule, options.Steps, options.Karras);
        var denoiser = new Denoiser(model, options.ClipDenoised);
        var x = noise * Math.Sqrt(1 + plan.Sigmas[0] * plan.Sigmas[0]);   // VE form: x = x_T / √ᾱ_T
        for (int i = 0; i < plan.Steps; i++)
        {
            using var scope = torch.NewDisposeScope();
            double sigma = plan.Sigmas[i], sigmaNext = plan.Sigmas[i + 1];
            var (x0, _) = denoiser.DenoiseVe(x, sigma, plan.Timesteps[i]);
            var derivative = (x - x0) / sigma;                           // d = (x − x̂_0) / σ
            var next = x + (sigmaNext - sigma) * derivative;
            x.Dispose();
            x = next.MoveToOuterDisposeScope();
            onStep?.Invoke(i + 1);
        }
        return x;
    }
}
