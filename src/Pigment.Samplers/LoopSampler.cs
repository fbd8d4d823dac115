using Pigment.Core.Diffusion;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Samplers;

/// <summary>
/// The loop every sampler here shares: plan the noise levels, start from x_T, take one step per level inside its
/// own dispose scope (so only x survives a step), report progress. A sampler supplies the step, and says whether
/// its x lives in variance-preserving form (x_t, DDPM and DDIM) or in sigma space (x = x_t / √ᾱ, the k-diffusion
/// samplers). Instances keep per-run state: use one per thread.
/// </summary>
public abstract class LoopSampler : ISampler
{
    public abstract string Name { get; }

    public abstract string DisplayName { get; }

    /// <summary>True when x is kept as x_0 + σ ε (sigma space) rather than √ᾱ x_0 + √(1−ᾱ) ε.</summary>
    protected abstract bool SigmaSpace { get; }

    public Tensor Sample(NoisePredictor model, Tensor noise, NoiseSchedule schedule, SamplerOptions options, Generator generator, Action<int>? onStep = null)
    {
        options.Validate(schedule.TrainingSteps);
        var plan = SamplingPlan.Create(schedule, options.Steps, options.Karras);
        var denoiser = new Denoiser(model, options.ClipDenoised);
        // x_T ~ N(0, I) in VP form; in sigma space x = x_T / √ᾱ_T = x_T √(1 + σ_max²).
        var x = SigmaSpace ? noise * Math.Sqrt(1 + plan.Sigmas[0] * plan.Sigmas[0]) : noise.alias();
        Begin();
        try
        {
            for (int i = 0; i < plan.Steps; i++)
            {
                using var fence = Core.FinalizerFence.Enter();       // no GC, so no Scalar finalized mid-call
                using var scope = torch.NewDisposeScope();
                var next = Step(x, i, plan, denoiser, options, generator);
                x.Dispose();
                x = next.MoveToOuterDisposeScope();
                onStep?.Invoke(i + 1);
            }
        }
        finally
        {
            End();
        }
        return x;
    }

    /// <summary>One step from level i (σ_i, t_i) to level i + 1; tensors made here are freed after the step.</summary>
    protected abstract Tensor Step(Tensor x, int i, SamplingPlan plan, Denoiser denoiser, SamplerOptions options, Generator generator);

    /// <summary>Resets per-run state (multistep samplers).</summary>
    protected virtual void Begin() { }

    /// <summary>Frees per-run state.</summary>
    protected virtual void End() { }

    /// <summary>z ~ N(0, I) shaped like x, from the sampler's generator.</summary>
    protected static Tensor Noise(Tensor x, Generator generator) => torch.randn(x.shape, generator: generator).to(x.device);
}
