namespace Pigment.Training;

/// <summary>Linear warm-up to the peak rate, then cosine decay to a floor.</summary>
public static class LearningRateSchedule
{
    /// <summary>
    /// lr(s) = peak · s / W for s &lt; W; afterwards
    /// lr(s) = peak · (f + (1 − f) · ½ (1 + cos(π · (s − W) / (S − W)))), f = the floor fraction.
    /// </summary>
    public static double At(int step, TrainerOptions o)
    {
        if (step < o.WarmupSteps)
            return o.LearningRate * (step + 1) / o.WarmupSteps;
        double progress = o.Steps <= o.WarmupSteps ? 1 : Math.Min(1.0, (step - o.WarmupSteps) / (double)(o.Steps - o.WarmupSteps));
        double cosine = 0.5 * (1 + Math.Cos(Math.PI * progress));
        return o.LearningRate * (o.MinLearningRateFraction + (1 - o.MinLearningRateFraction) * cosine);
    }
}
