using System.Diagnostics;
using System.Threading.Channels;
using Pigment.Pipelines.Generation;

namespace Pigment.Web.Jobs;

/// <summary>
/// One generation job in flight: its spec, the seed it resolved to, where it is, and the listeners of its event
/// stream. Every change goes through one lock and is published to the listeners in order.
/// </summary>
public sealed class Job
{
    private readonly Lock _gate = new();
    private readonly List<Channel<JobEvent>> _listeners = [];
    private readonly CancellationTokenSource _cancel = new();
    private readonly Stopwatch _clock = new();
    private JobState _state = JobState.Queued;
    private double _progress;
    private string? _error;
    private string? _preview;
    private IReadOnlyList<string> _warnings = [];
    private readonly List<string> _images = [];

    public Job(string id, JobSpec spec, GenerationRequest request, DateTimeOffset created)
    {
        Id = id;
        Spec = spec;
        Request = request;
        Seed = request.Seed;
        Steps = JobRequests.ProgressSteps(request);
        Created = created;
    }

    public string Id { get; }

    /// <summary>What was asked.</summary>
    public JobSpec Spec { get; }

    /// <summary>The request for the model, checked (its image tensors are freed when the job ends).</summary>
    public GenerationRequest Request { get; }

    /// <summary>The seed used: image i has seed + i.</summary>
    public long Seed { get; }

    /// <summary>Sampling steps to show progress in (1 for a model drawn in one pass).</summary>
    public int Steps { get; }

    public DateTimeOffset Created { get; }

    public CancellationToken Cancellation => _cancel.Token;

    public JobState State
    {
        get { lock (_gate) return _state; }
    }

    /// <summary>The latest preview (a data: URL of a PNG), or null.</summary>
    public string? Preview
    {
        get { lock (_gate) return _preview; }
    }

    public bool IsFinal => State is not (JobState.Queued or JobState.Running);

    /// <summary>Asks the job to stop: a queued job never starts, a running one stops within a step.</summary>
    public void Cancel()
    {
        _cancel.Cancel();
        lock (_gate)
        {
            if (_state != JobState.Queued)
                return;
            _state = JobState.Cancelled;
        }
        Publish("cancelled");
    }

    public bool TryStart()
    {
        lock (_gate)
        {
            if (_state != JobState.Queued)
                return false;
            _state = JobState.Running;
            _clock.Start();
        }
        Publish("started");
        return true;
    }

    public void SetWarnings(IReadOnlyList<string> warnings)
    {
        lock (_gate)
            _warnings = warnings;
    }

    public void Report(double progress, string? preview)
    {
        lock (_gate)
        {
            _progress = Math.Clamp(progress, 0, 1);
            if (preview is not null)
                _preview = preview;
        }
        Publish("step", preview);
    }

    public void AddImage(string imageId)
    {
        lock (_gate)
            _images.Add(imageId);
    }

    public void Finish(JobState state, string? error = null)
    {
        lock (_gate)
        {
            _state = state;
            _error = error;
            if (state == JobState.Done)
                _progress = 1;
            _clock.Stop();
        }
        Publish(state switch { JobState.Done => "done", JobState.Cancelled => "cancelled", _ => "failed" });
        lock (_gate)
            foreach (var listener in _listeners)
                listener.Writer.TryComplete();
    }

    /// <summary>A reader of this job's events from now on (the current state first); it completes when the job ends.</summary>
    public ChannelReader<JobEvent> Listen(int? position)
    {
        var channel = Channel.CreateUnbounded<JobEvent>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
        {
            var snapshot = SnapshotLocked(position);
            channel.Writer.TryWrite(new JobEvent(KindOf(_state), snapshot, _preview));
            if (IsFinalLocked())
                channel.Writer.TryComplete();
            else
                _listeners.Add(channel);
        }
        return channel.Reader;
    }

    public void StopListening(ChannelReader<JobEvent> reader)
    {
        lock (_gate)
            _listeners.RemoveAll(c => c.Reader == reader);
    }

    public JobSnapshot Snapshot(int? position = null)
    {
        lock (_gate)
            return SnapshotLocked(position);
    }

    private bool IsFinalLocked() => _state is not (JobState.Queued or JobState.Running);

    private JobSnapshot SnapshotLocked(int? position)
    {
        double elapsed = _clock.Elapsed.TotalSeconds;
        double? eta = _state == JobState.Running && _progress > 0.02 ? elapsed * (1 - _progress) / _progress : null;
        return new JobSnapshot(Id, _state.ToString().ToLowerInvariant(), Spec.Model, Spec.Prompt, Seed, Spec.Count,
            _state == JobState.Queued ? position : null, (int)Math.Floor(_progress * Steps + 1e-9), Steps, _progress, eta, Created,
            _error, _warnings, _images.ToArray());
    }

    private static string KindOf(JobState state) => state switch
    {
        JobState.Queued => "queued",
        JobState.Running => "step",
        JobState.Done => "done",
        JobState.Cancelled => "cancelled",
        _ => "failed",
    };

    private void Publish(string kind, string? preview = null)
    {
        lock (_gate)
        {
            var snapshot = SnapshotLocked(null);
            foreach (var listener in _listeners)
                listener.Writer.TryWrite(new JobEvent(kind, snapshot, preview));
        }
    }
}
