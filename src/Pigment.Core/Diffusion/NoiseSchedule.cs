using Pigment.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Core.Diffusion;

public enum BetaSchedule
{
    /// <summary>β_t linear from 1e-4 to 0.02 (Ho et al. 2020), scaled to T steps.</summary>
    Linear,

    /// <summary>ᾱ_t = f(t)/f(0), f(t) = cos²(((t/T + s)/(1 + s))·π/2), s = 0.008 (Nichol &amp; Dhariwal 2021).</summary>
    Cosine,
}

/// <summary>The forward-process settings a diffusion model was trained with (saved in its config).</summary>
public sealed record NoiseScheduleConfig(BetaSchedule Schedule = BetaSchedule.Cosine, int TrainingSteps = 1000);

/// <summary>
/// The variance schedule of the forward process q(x_t | x_{t−1}) = N(√(1−β_t) x_{t−1}, β_t I), held as double
/// arrays indexed by t = 0 … T−1 (t = 0 is the first noising step). It gives the closed form
/// q(x_t | x_0) = N(√ᾱ_t x_0, (1−ᾱ_t) I) with ᾱ_t = ∏_{s≤t} (1 − β_s), and the equivalent noise levels
/// σ_t = √((1−ᾱ_t)/ᾱ_t) that the sigma-space samplers (Euler, DPM-Solver++) use.
/// A plain class: schedule values never land in a checkpoint.
/// </summary>
public sealed class NoiseSchedule
{
    public NoiseSchedule(NoiseScheduleConfig config)
    {
        if (config.TrainingSteps is < 2 or > 100_000)
            throw new PigmentException($"A noise schedule needs from 2 to 100000 steps, not {config.TrainingSteps}.");
        Config = config;
        int T = config.TrainingSteps;
        Betas = new double[T];
        if (config.Schedule == BetaSchedule.Linear)
        {
            // Ho et al. use β from 1e-4 to 0.02 over T = 1000; scale the ends by 1000/T for other T.
            double scale = 1000.0 / T, start = scale * 1e-4, end = scale * 0.02;
            for (int t = 0; t < T; t++)
                Betas[t] = start + (end - start) * t / (T - 1);
        }
        else
        {
            // ᾱ(t) = f(t)/f(0), f(t) = cos²(((t/T + s)/(1 + s))·π/2); β_t = 1 − ᾱ(t+1)/ᾱ(t), clipped at 0.999.
            const double s = 0.008;
            double F(double t) => Math.Pow(Math.Cos((t / T + s) / (1 + s) * Math.PI / 2), 2);
            for (int t = 0; t < T; t++)
                Betas[t] = Math.Min(1 - F(t + 1) / F(t), 0.999);
        }
        AlphasCumprod = new double[T];
        double product = 1;
        for (int t = 0; t < T; t++)
            AlphasCumprod[t] = product *= 1 - Betas[t]; // ᾱ_t = ∏_{s≤t} α_s, α_s = 1 − β_s
        Sigmas = AlphasCumprod.Select(a => Math.Sqrt((1 - a) / a)).ToArray(); // σ_t = √((1−ᾱ_t)/ᾱ_t)
    }

    public NoiseScheduleConfig Config { get; }

    public int TrainingSteps => Config.TrainingSteps;

    public double[] Betas { get; }

    public double[] AlphasCumprod { get; }

    public double[] Sigmas { get; }

    public double SigmaMin => Sigmas[0];

    public double SigmaMax => Sigmas[^1];

    /// <summary>ᾱ for a noise level σ: ᾱ = 1 / (1 + σ²).</summary>
    public static double AlphaCumprodOf(double sigma) => 1 / (1 + sigma * sigma);

    /// <summary>
    /// The continuous timestep whose σ is <paramref name="sigma"/>, by linear interpolation of log σ over the
    /// discrete schedule (σ_t increases with t), clamped to [0, T−1].
    /// </summary>
    public double TimestepOf(double sigma)
    {
        double logSigma = Math.Log(sigma);
        if (logSigma <= Math.Log(Sigmas[0])) return 0;
        if (logSigma >= Math.Log(Sigmas[^1])) return TrainingSteps - 1;
        int hi = Array.FindIndex(Sigmas, s => Math.Log(s) >= logSigma);
        double a = Math.Log(Sigmas[hi - 1]), b = Math.Log(Sigmas[hi]);
        return hi - 1 + (logSigma - a) / (b - a);
    }

    /// <summary>σ at a continuous timestep, interpolating log σ linearly between integer steps.</summary>
    public double SigmaAt(double t)
    {
        t = Math.Clamp(t, 0, TrainingSteps - 1);
        int lo = (int)Math.Floor(t), hi = Math.Min(lo + 1, TrainingSteps - 1);
        double w = t - lo;
        return Math.Exp((1 - w) * Math.Log(Sigmas[lo]) + w * Math.Log(Sigmas[hi]));
    }

    /// <summary>
    /// Samples x_t ~ q(x_t | x_0) in closed form: x_t = √ᾱ_t x_0 + √(1−ᾱ_t) ε, for a batch of integer
    /// timesteps <paramref name="t"/> (B) and noise <paramref name="noise"/> shaped like x_0.
    /// </summary>
    public Tensor AddNoise(Tensor x0, Tensor noise, Tensor t)
    {
        using var scope = torch.NewDisposeScope();
        var (signal, noiseScale) = Coefficients(t, x0);
        return (signal * x0).Plus(noiseScale * noise).MoveToOuterDisposeScope();
    }

    /// <summary>The v-prediction target v = √ᾱ_t ε − √(1−ᾱ_t) x_0 (Salimans &amp; Ho 2022).</summary>
    public Tensor Velocity(Tensor x0, Tensor noise, Tensor t)
    {
        using var scope = torch.NewDisposeScope();
        var (signal, noiseScale) = Coefficients(t, x0);
        return (signal * noise - noiseScale * x0).MoveToOuterDisposeScope();
    }

    /// <summary>(√ᾱ_t, √(1−ᾱ_t)) for each timestep of the batch, shaped (B, 1, …, 1) to broadcast against x.</summary>
    private (Tensor Signal, Tensor Noise) Coefficients(Tensor t, Tensor like)
    {
        var alphaBar = torch.tensor(AlphasCumprod, ScalarType.Float64).index_select(0, t.to(CPU).to_type(ScalarType.Int64));
        var shape = new long[like.dim()];
        Array.Fill(shape, 1L);
        shape[0] = -1;
        var signal = alphaBar.sqrt().to_type(like.dtype).to(like.device).reshape(shape);
        var noise = alphaBar.RSub(1).sqrt().to_type(like.dtype).to(like.device).reshape(shape);
        return (signal, noise);
    }
}
