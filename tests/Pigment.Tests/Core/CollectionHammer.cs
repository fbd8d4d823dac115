namespace Pigment.Tests.Core;

/// <summary>
/// A thread that forces full garbage collections and runs the finalizers in a loop until stopped: anything that
/// hands libtorch an object nothing keeps alive is then freed mid-call sooner or later (the stress tests' fire).
/// </summary>
public sealed class CollectionHammer : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private int _collections;

    public CollectionHammer()
    {
        _thread = new Thread(() =>
        {
            while (!_stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                Interlocked.Increment(ref _collections);
            }
        });
        _thread.Start();
    }

    /// <summary>Stops the thread and returns how many collections it forced.</summary>
    public int Stop()
    {
        _stop.Cancel();
        _thread.Join();
        return _collections;
    }

    public void Dispose()
    {
        if (!_stop.IsCancellationRequested)
            Stop();
        _stop.Dispose();
    }
}
