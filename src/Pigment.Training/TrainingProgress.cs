namespace Pigment.Training;

/// <summary>A report after each step, for progress bars and logs.</summary>
public sealed record TrainingProgress(int Step, int TotalSteps, double Loss, double SmoothedLoss, double LearningRate, double ImagesPerSecond, TimeSpan Elapsed)
{
    public TimeSpan Remaining => ImagesPerSecond > 0 && Step > 0
        ? TimeSpan.FromSeconds(Elapsed.TotalSeconds / Step * (TotalSteps - Step))
        : TimeSpan.Zero;
}

public enum TrainingOutcome
{
    Completed,
    Interrupted,
}
