using Spectre.Console;

namespace Pigment.Cli;

/// <summary>
/// Runs slow library work under a Spectre.Console progress bar (with ETA) fed by the work's
/// <see cref="IProgress{T}"/> of the fraction done; without an interactive terminal the work just runs.
/// </summary>
public static class WorkProgress
{
    public static T Run<T>(string description, Func<IProgress<double>?, T> work)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive || Console.IsOutputRedirected)
            return work(null);
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(description), maxValue: 1.0);
                result = work(new TaskProgress(task));
                task.Value = 1.0;
            });
        return result;
    }

    /// <summary>Sets the task's value directly from the worker thread (Spectre's task is thread-safe).</summary>
    private sealed class TaskProgress(ProgressTask task) : IProgress<double>
    {
        public void Report(double value) => task.Value = Math.Clamp(value, 0, 1);
    }
}
