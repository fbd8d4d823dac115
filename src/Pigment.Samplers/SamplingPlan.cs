using Pigment.Core;
using Pigment.Core.Diffusion;
using static TorchSharp.torch;

namespace Pigment.Samplers;

/// <summary>
/// The noise levels a sampler walks down: σ_0 &gt; σ_1 &gt; … &gt; σ_{n−1} &gt; σ_n = 0, with the (continuous)
/// timestep t_i at which the network is evaluated for each of the first n levels. ᾱ_i = 1 / (1 + σ_i²).
/// </summary>
public sealed record SamplingPlan(double[] Sigmas, double[] Timesteps)
{
    public int Steps => Timesteps.Length;

    /// <summary>
    /// The level an img2img run starts at for <paramref name="strength"/> ∈ [0, 1], as Diffusers' get_timesteps
    /// picks it: the last ⌊n · strength⌋ steps of the plan run. 1 runs the whole plan (from pure noise), 0 runs none
    /// (the input comes back unchanged).
    /// </summary>
    public int StartLevel(double strength)
    {
        if (!(strength >= 0 && strength <= 1))
            throw new PigmentException($"strength must be from 0 to 1, not {strength}.");
        return Steps - (int)Math.Floor(Steps * strength + 1e-9);
    }

    /// <summary>
    /// A clean image x_0 taken to level <paramref name="level"/>: x_t = √ᾱ x_0 + √(1−ᾱ) ε with ᾱ = 1 / (1 + σ²), the
    /// variance-preserving form a run starts from. At level 0 the result is the noise alone, so that strength 1 is
    /// txt2img exactly (as Diffusers does when strength is 1); at level n (σ = 0) it is x_0 itself.
    /// </summary>
    public Tensor NoiseTo(Tensor x0, Tensor noise, int level)
    {
        if (level < 0 || level > Steps)
            throw new PigmentException($"A plan level is from 0 to {Steps}, not {level}.");
        if (level == 0)
            return noise.alias();
        double abar = NoiseSchedule.AlphaCumprodOf(Sigmas[level]);
        using var signal = x0.Mul(Math.Sqrt(abar));
        using var scaled = noise.Mul(Math.Sqrt(1 - abar));
        return signal.Plus(scaled);
    }

    /// <summary>
    /// Uniform: t_i = (T−1)(1 − i/(n−1)), the "linspace" spacing, whose σ_i are read off the schedule; with
    /// n = T this is every training step, T−1 down to 0. Karras et al. (2022):
    /// σ_i = (σ_max^(1/ρ) + i/(n−1) · (σ_min^(1/ρ) − σ_max^(1/ρ)))^ρ with ρ = 7, mapped back to t by interpolation.
    /// </summary>
    public static SamplingPlan Create(NoiseSchedule schedule, int steps, bool karras)
    {
        var sigmas = new double[steps + 1];
        var timesteps = new double[steps];
        int T = schedule.TrainingSteps;
        for (int i = 0; i < steps; i++)
        {
            double fraction = steps == 1 ? 0 : i / (double)(steps - 1);
            if (karras)
            {
                const double rho = 7;
                double maxInv = Math.Pow(schedule.SigmaMax, 1 / rho), minInv = Math.Pow(schedule.SigmaMin, 1 / rho);
                sigmas[i] = Math.Pow(maxInv + fraction * (minInv - maxInv), rho);
                timesteps[i] = schedule.TimestepOf(sigmas[i]);
            }
            else
            {
                timesteps[i] = (T - 1) * (1 - fraction);
                sigmas[i] = schedule.SigmaAt(timesteps[i]);
            }
        }
        sigmas[steps] = 0;
        return new SamplingPlan(sigmas, timesteps);
    }
}
