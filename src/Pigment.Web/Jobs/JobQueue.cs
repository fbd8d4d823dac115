using Pigment.Core;
using Pigment.Web.Gallery;

namespace Pigment.Web.Jobs;

/// <summary>
/// The jobs of this server: a bounded first-in-first-out queue served by one worker (two CPU cores make one job at a
/// time the fastest way through), the job running now, and every job since the server started, by id.
/// </summary>
public sealed class JobQueue
{
    private const int FinishedKept = 2000;

    private readonly Lock _gate = new();
    private readonly LinkedList<Job> _waiting = [];
    private readonly Dictionary<string, Job> _jobs = new(StringComparer.Ordinal);
    private readonly Queue<string> _finishedOrder = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly ModelHost _models;
    private readonly GalleryStore _gallery;
    private readonly ServerOptions _options;

    public JobQueue(ModelHost models, GalleryStore gallery, ServerOptions options)
    {
        _models = models;
        _gallery = gallery;
        _options = options;
    }

    /// <summary>The job the worker is running, or null.</summary>
    public Job? Current { get; private set; }

    /// <summary>Checks <paramref name="spec"/> against its model and the limits (a <see cref="PigmentException"/> says
    /// what is wrong), then queues it; a full queue throws <see cref="QueueFullException"/>.</summary>
    public Job Submit(JobSpec spec)
    {
        if (string.IsNullOrWhiteSpace(spec.Model))
            throw new PigmentException("model is required: one of " + string.Join(", ", _models.Names()) + ".");
        var generator = _models.Get(spec.Model);
        var request = JobRequests.Create(spec, generator, _options);
        var job = new Job(GalleryStore.NewId(), spec, request, DateTimeOffset.UtcNow);
        lock (_gate)
        {
            if (_waiting.Count >= _options.MaxQueue)
            {
                JobRequests.Release(request);
                throw new QueueFullException(_options.MaxQueue);
            }
            _gallery.AddJob(job);
            _waiting.AddLast(job);
            _jobs[job.Id] = job;
        }
        _signal.Release();
        return job;
    }

    public Job? Find(string id)
    {
        lock (_gate)
            return _jobs.GetValueOrDefault(id);
    }

    /// <summary>1 for the next job to run, 2 after it, …; null when not waiting.</summary>
    public int? Position(Job job)
    {
        lock (_gate)
        {
            int position = 1;
            for (var node = _waiting.First; node is not null; node = node.Next, position++)
                if (node.Value == job)
                    return position;
            return null;
        }
    }

    public IReadOnlyList<Job> Waiting()
    {
        lock (_gate)
            return _waiting.ToArray();
    }

    /// <summary>Cancels a job: a waiting one leaves the queue at once, a running one stops within a step.</summary>
    public bool Cancel(string id)
    {
        Job? job;
        lock (_gate)
        {
            job = _jobs.GetValueOrDefault(id);
            if (job is null || job.IsFinal)
                return job is not null;
            if (_waiting.Remove(job))
            {
                job.Cancel();
                _gallery.UpdateJob(job.Id, JobState.Cancelled);
                JobRequests.Release(job.Request);
                Remember(job);
                return true;
            }
        }
        job.Cancel();
        return true;
    }

    /// <summary>The worker's next job (waiting until there is one), now current.</summary>
    public async Task<Job> TakeAsync(CancellationToken stopping)
    {
        while (true)
        {
            await _signal.WaitAsync(stopping);
            lock (_gate)
            {
                if (_waiting.First is { } node)
                {
                    _waiting.RemoveFirst();
                    Current = node.Value;
                    return node.Value;
                }
            }
        }
    }

    /// <summary>The worker is done with <paramref name="job"/>.</summary>
    public void Finished(Job job)
    {
        lock (_gate)
        {
            if (Current == job)
                Current = null;
            Remember(job);
        }
        JobRequests.Release(job.Request);
    }

    /// <summary>Keeps the latest finished jobs findable in memory; older ones are read from the database.</summary>
    private void Remember(Job job)
    {
        _finishedOrder.Enqueue(job.Id);
        while (_finishedOrder.Count > FinishedKept)
            _jobs.Remove(_finishedOrder.Dequeue());
    }
}
