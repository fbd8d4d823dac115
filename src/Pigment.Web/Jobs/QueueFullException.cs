namespace Pigment.Web.Jobs;

/// <summary>The queue holds as many jobs as it may: the client should try again later (HTTP 429).</summary>
public sealed class QueueFullException(int capacity) : Exception($"The queue is full ({capacity} jobs are waiting): try again later.");
