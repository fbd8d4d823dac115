using Pigment.Core;

namespace Pigment.Samplers;

/// <summary>How to sample.</summary>
public sealed record SamplerOptions
{
    /// <summary>Number of network evaluations (each sampler here uses one per step).</summary>
    public int Steps { get; init; } = 20;

    /// <summary>Space the noise levels as Karras et al. (2022) do (ρ = 7) instead of uniformly in t.</summary>
    public bool Karras { get; init; }

    /// <summary>DDIM's η: 0 is deterministic, 1 matches DDPM's posterior variance.</summary>
    public double Eta { get; init; }

    /// <summary>Clamp each estimate of x_0 to [−1, 1] (the data range of pixel models).</summary>
    public bool ClipDenoised { get; init; } = true;

    public void Validate(int trainingSteps)
    {
        if (Steps < 1 || Steps > trainingSteps)
            throw new PigmentException($"--steps must be from 1 to the model's {trainingSteps} training steps, not {Steps}.");
        if (Eta is < 0 or > 1)
            throw new PigmentException($"DDIM's eta must be from 0 to 1, not {Eta}.");
    }
}
