using System.Runtime;

namespace Pigment.Core;

/// <summary>
/// Keeps the garbage collector (and so the finalizer thread) away from a stretch of tensor work.
/// <para>
/// Why: TorchSharp 0.107 turns the number in <c>x * 2</c> or <c>x + 1.0</c> into a temporary <c>Scalar</c> and hands
/// only its native handle to libtorch. Nothing keeps the managed object alive during the native call, so a GC
/// there can finalize it and free the native scalar while libtorch reads it: training then dies with
/// "Expected false to be true … toFloat" or "Unknown scalar type" — or, worse, silently multiplies by garbage
/// (seen here in VAE and PixelCNN training; TorchSharp PRs #1434 and #1496 discuss it). No GC during the step, no
/// finalization of anything the step created.
/// </para>
/// <para>
/// How: <see cref="GC.TryStartNoGCRegion(long)"/> with a budget larger than a step allocates on the managed heap;
/// the collection it may run happens before the step, when no native call is in flight. If a step allocates
/// more than the budget the runtime leaves the region early (protection ends; nothing else changes). Nested
/// fences are no-ops.
/// </para>
/// </summary>
public readonly struct FinalizerFence : IDisposable
{
    /// <summary>Managed bytes a step may allocate inside the fence (tensor wrappers, batches, logs).</summary>
    public const long Budget = 32L * 1024 * 1024;

    private readonly bool _entered;

    private FinalizerFence(bool entered) => _entered = entered;

    public static FinalizerFence Enter()
    {
        if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
            return new FinalizerFence(false);
        try
        {
            return new FinalizerFence(GC.TryStartNoGCRegion(Budget));
        }
        catch (InvalidOperationException)
        {
            return new FinalizerFence(false);    // another thread opened a region meanwhile
        }
    }

    public void Dispose()
    {
        if (!_entered || GCSettings.LatencyMode != GCLatencyMode.NoGCRegion)
            return;
        try
        {
            GC.EndNoGCRegion();
        }
        catch (InvalidOperationException)
        {
            // The step outgrew the budget and the runtime already ended the region.
        }
    }
}
