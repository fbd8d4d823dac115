using Pigment.Core;

namespace Pigment.Training;

/// <summary>How to train (saved as trainer.json in the run folder, and logged with the run).</summary>
public sealed record TrainerOptions
{
    public int Steps { get; init; } = 10_000;

    public int BatchSize { get; init; } = 64;

    /// <summary>Peak AdamW learning rate, reached after the warm-up.</summary>
    public double LearningRate { get; init; } = 5e-4;

    public int WarmupSteps { get; init; } = 500;

    /// <summary>The cosine decay ends at this fraction of the peak rate.</summary>
    public double MinLearningRateFraction { get; init; } = 0.1;

    public double WeightDecay { get; init; }

    public double Beta1 { get; init; } = 0.9;

    public double Beta2 { get; init; } = 0.999;

    /// <summary>Gradients are rescaled so their global L2 norm is at most this (0 = no clipping).</summary>
    public double GradClip { get; init; } = 1.0;

    /// <summary>EMA decay of the averaged weights (0 = no EMA).</summary>
    public double EmaDecay { get; init; } = 0.999;

    public int LogEvery { get; init; } = 25;

    public int SampleEvery { get; init; } = 1000;

    public int CheckpointEvery { get; init; } = 500;

    /// <summary>Run the trainer's monitor (if it has one) every N steps (0 = never).</summary>
    public int MonitorEvery { get; init; }

    public long Seed { get; init; }

    /// <summary>
    /// A GAN's critic descends this many times per generator step, each on a batch of its own (BigGAN: 2); the
    /// generator's step shares the last one. Ignored by families without a critic.
    /// </summary>
    public int CriticSteps { get; init; } = 1;

    /// <summary>The critic's learning rate as a multiple of the generator's: the two time-scale update rule (BigGAN: 4).</summary>
    public double CriticLearningRateScale { get; init; } = 1;

    public void Validate()
    {
        if (Steps < 1) throw new PigmentException($"--steps must be at least 1, not {Steps}.");
        if (BatchSize is < 1 or > 4096) throw new PigmentException($"--batch must be from 1 to 4096, not {BatchSize}.");
        if (!(LearningRate > 0 && LearningRate < 1)) throw new PigmentException($"The learning rate must be in (0, 1), not {LearningRate}.");
        if (WarmupSteps < 0 || CheckpointEvery < 1 || LogEvery < 1 || SampleEvery < 0 || MonitorEvery < 0)
            throw new PigmentException("Warm-up must be ≥ 0; checkpoint and log intervals ≥ 1; the sample and monitor intervals ≥ 0.");
        if (CriticSteps is < 1 or > 10) throw new PigmentException($"--critic-steps must be from 1 to 10, not {CriticSteps}.");
        if (!(CriticLearningRateScale > 0 && CriticLearningRateScale <= 100))
            throw new PigmentException($"--critic-lr-scale must be in (0, 100], not {CriticLearningRateScale}.");
        if (EmaDecay is < 0 or >= 1) throw new PigmentException($"The EMA decay must be in [0, 1), not {EmaDecay}.");
    }
}
