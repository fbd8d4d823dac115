using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Samplers;

/// <summary>Everything one step of a sampler sees: x at level <see cref="Index"/> of the plan, the model, the options,
/// the run's noise source and its memory.</summary>
public sealed record SamplerStep(Tensor X, int Index, SamplingPlan Plan, Denoiser Denoiser, SamplerOptions Options, StepNoise Source, SamplerMemory Memory)
{
    /// <summary>σ_i, the level x is at.</summary>
    public double Sigma => Plan.Sigmas[Index];

    /// <summary>σ_{i+1}, the level the step goes to (0 at the last step).</summary>
    public double SigmaNext => Plan.Sigmas[Index + 1];

    /// <summary>t_i, the (continuous) timestep at which the network is evaluated.</summary>
    public double Timestep => Plan.Timesteps[Index];

    /// <summary>z ~ N(0, I) shaped like x, from the run's noise source.</summary>
    public Tensor Noise() => Source.Normal(X.shape, X.device);
}
