namespace Pigment.Web.Jobs;

/// <summary>Where a job is. Done, failed, cancelled and interrupted are final.</summary>
public enum JobState
{
    Queued,
    Running,
    Done,
    Failed,
    Cancelled,

    /// <summary>The server stopped while the job was queued or running (found so on the next start).</summary>
    Interrupted,
}
