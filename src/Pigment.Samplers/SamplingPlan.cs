using Pigment.Core.Diffusion;

namespace Pigment.Samplers;

/// <summary>
/// The noise levels a sampler walks down: σ_0 &gt; σ_1 &gt; … &gt; σ_{n−1} &gt; σ_n = 0, with the (continuous)
/// timestep t_i at which the network is evaluated for each of the first n levels. ᾱ_i = 1 / (1 + σ_i²).
/// </summary>
public sealed record SamplingPlan(double[] Sigmas, double[] Timesteps)
{
    public int Steps => Timesteps.Length;

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
