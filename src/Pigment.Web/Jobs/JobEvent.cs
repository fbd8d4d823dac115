namespace Pigment.Web.Jobs;

/// <summary>
/// One thing that happened to a job, as its server-sent event stream carries it: <c>queued</c>, <c>started</c>,
/// <c>step</c> (with a preview PNG of the current x̂_0 every few steps), <c>done</c>, <c>failed</c>, <c>cancelled</c>.
/// </summary>
public sealed record JobEvent(string Kind, JobSnapshot Job, string? Preview = null);
