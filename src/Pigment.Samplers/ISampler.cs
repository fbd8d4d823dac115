using static TorchSharp.torch;

namespace Pigment.Samplers;

/// <summary>Where a sampler keeps x between steps.</summary>
public enum SamplerSpace
{
    /// <summary>x_t = √ᾱ x_0 + √(1−ᾱ) ε, as DDPM and DDIM are written.</summary>
    VariancePreserving,

    /// <summary>x = x_t / √ᾱ = x_0 + σ ε, as the k-diffusion samplers (Euler, DPM-Solver++) are written.</summary>
    Sigma,
}

/// <summary>
/// A sampling algorithm: one step down a plan of noise levels, knowing the model only as a function. It holds no
/// state of its own: whatever a run must remember between steps lives in <see cref="SamplerStep.Memory"/>, which
/// the run owns, so one instance serves any number of runs at once. <see cref="SamplingRun"/> drives the steps.
/// </summary>
public interface ISampler
{
    /// <summary>The command-line name, e.g. "dpm++2m".</summary>
    string Name { get; }

    /// <summary>The name AUTOMATIC1111's web UI would show, e.g. "DPM++ 2M".</summary>
    string DisplayName { get; }

    SamplerSpace Space { get; }

    /// <summary>
    /// One step from level i to level i + 1 of the plan. Returns x at level i + 1 (in <see cref="Space"/>) and the
    /// step's estimate x̂_0. Tensors made here belong to the step's dispose scope unless moved out.
    /// </summary>
    StepOutput Step(SamplerStep step);
}

/// <summary>x at the next level, and this step's estimate of x_0 (in the data range, e.g. [−1, 1]).</summary>
public readonly record struct StepOutput(Tensor Next, Tensor Denoised);
