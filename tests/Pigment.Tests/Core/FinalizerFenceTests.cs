using System.Diagnostics;
using Pigment.Core;
using TorchSharp;

namespace Pigment.Tests.Core;

/// <summary>The no-GC region is process-wide, so these run alone, after the parallel tests.</summary>
[CollectionDefinition("gc", DisableParallelization = true)]
public sealed class GcCollection;

[Collection("gc")]
public class FinalizerFenceTests
{
    [Fact]
    public void NoCollectionHappensInsideTheFence()
    {
        // Whether the same work collects without the fence depends on the runtime's gen-0 budget (it grows with the
        // process's history), so the check is that the region is really open and that nothing collects inside it.
        int fenced;
        using (FinalizerFence.Enter())
        {
            Assert.Equal(System.Runtime.GCLatencyMode.NoGCRegion, System.Runtime.GCSettings.LatencyMode);
            fenced = Collections();
        }
        Assert.Equal(0, fenced);
        Assert.NotEqual(System.Runtime.GCLatencyMode.NoGCRegion, System.Runtime.GCSettings.LatencyMode);
    }

    /// <summary>Tensor arithmetic with implicit Scalars and ~16 MB of garbage; returns the gen-0 collections it caused.</summary>
    private static int Collections()
    {
        int before = GC.CollectionCount(0);
        using var x = torch.ones(64, 64);
        for (int i = 0; i < 2000; i++)
        {
            using var y = x * 2.0 + 1.0;
            GC.KeepAlive(new byte[8192]);
        }
        return GC.CollectionCount(0) - before;
    }

    [Fact]
    public void FencesNestAndCostLittle()
    {
        using (FinalizerFence.Enter())
        using (FinalizerFence.Enter())
        {
            Assert.Equal(System.Runtime.GCLatencyMode.NoGCRegion, System.Runtime.GCSettings.LatencyMode);
        }
        Assert.NotEqual(System.Runtime.GCLatencyMode.NoGCRegion, System.Runtime.GCSettings.LatencyMode);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 50; i++)
            FinalizerFence.Enter().Dispose();
        Assert.True(clock.Elapsed.TotalMilliseconds / 50 < 20, $"{clock.Elapsed.TotalMilliseconds / 50:0.0} ms per fence");
    }
}
