using static TorchSharp.torch;

namespace Pigment.Samplers;

/// <summary>
/// Euler ancestral: each step goes down to σ_down with Euler's method and adds fresh noise of size σ_up, where
/// σ_up = min(σ′, √(σ′² (σ² − σ′²) / σ²)) and σ_down = √(σ′² − σ_up²), so the marginal noise level is σ′.
/// </summary>
public sealed class EulerAncestralSampler : LoopSampler
{
    public override string Name => "euler-a";

    public override string DisplayName => "Euler a";

    protected override bool SigmaSpace => true;

    protected override Tensor Step(Tensor x, int i, SamplingPlan plan, Denoiser denoiser, SamplerOptions options, Generator generator)
    {
        double sigma = plan.Sigmas[i], sigmaNext = plan.Sigmas[i + 1];
        var (x0, _) = denoiser.DenoiseVe(x, sigma, plan.Timesteps[i]);
        double sigmaUp = Math.Min(sigmaNext, Math.Sqrt(sigmaNext * sigmaNext * (sigma * sigma - sigmaNext * sigmaNext) / (sigma * sigma)));
        double sigmaDown = Math.Sqrt(sigmaNext * sigmaNext - sigmaUp * sigmaUp);
        var next = x + (sigmaDown - sigma) * ((x - x0) / sigma);
        return sigmaUp > 0 ? next + sigmaUp * Noise(x, generator) : next;
    }
}
