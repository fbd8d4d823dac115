namespace Pigment.Training;

/// <summary>A report after each step, for progress bars and logs.</summary>
public sealed record TrainingProgress(int Step, int TotalSteps, double Loss, double SmoothedLoss, double LearningRate, double ImagesPerSecond, TimeSpan Elapsed)
{
    public TimeSpan Remaining => ImagesPerSecond > 0 && Step > 0
        ? TimeSpan.FromSeconds(Elapsed.TotalSeconds / Step * (TotalSteps - Step))
        : TimeSpan.Zero;

    /// <summary>The critic's (discriminator's) loss of the step, for adversarial objectives.</summary>
    public double? CriticLoss { get; init; }
}

/// <summary>What a training monitor measured: a line for the console and values for log.jsonl.</summary>
public sealed record MonitorReport(string Text, IReadOnlyDictionary<string, object> Values);

public enum TrainingOutcome
{
    Completed,
    Interrupted,
}
