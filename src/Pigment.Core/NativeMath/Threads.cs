using TorchSharp;

namespace Pigment.Core.NativeMath;

/// <summary>libtorch's intra-op thread count, set for a stretch of work and then restored.</summary>
public static class Threads
{
    /// <summary>Runs the next operations with <paramref name="count"/> threads until the scope is disposed.</summary>
    public static IDisposable Use(int count)
    {
        if (count < 1)
            throw new ArgumentOutOfRangeException(nameof(count), count, "A thread count is at least 1.");
        int previous = torch.get_num_threads();
        torch.set_num_threads(count);
        return new Restore(previous);
    }

    private sealed class Restore(int previous) : IDisposable
    {
        public void Dispose() => torch.set_num_threads(previous);
    }
}
