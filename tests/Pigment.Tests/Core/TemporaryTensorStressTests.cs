using Pigment.Models.Gan;
using TorchSharp;
using static TorchSharp.torch;
using Conv2d = Pigment.Models.Layers.Conv2d;
using ConvTranspose2d = Pigment.Models.Layers.ConvTranspose2d;

namespace Pigment.Tests.Core;

/// <summary>
/// The temporary-tensor trap under fire. A TorchSharp tensor that nothing references (the result of x.detach() in
/// x.detach().clone(), or randn(n) passed straight into a call) may be finalized by another thread's collection while
/// libtorch is still reading it: a use after free that once corrupted a thread's dispatch keys ("Hit PythonDispatcher
/// dispatch key but PythonDispatcherTLS was not set") in a layer's constructor. Pigment's layers name every temporary
/// and keep it alive until the call has returned; this builds them on two threads while a third forces collections.
/// </summary>
public class TemporaryTensorStressTests
{
    [Fact]
    public void LayersBuiltWhileCollectionsRunAreWhole()
    {
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var builders = Enumerable.Range(0, 2).Select(k => new Thread(() =>
        {
            try
            {
                for (int i = 0; i < 4000; i++)
                {
                    using var a = new Conv2d(3, 16, 3, padding: 1);
                    using var b = new SnConv2d(16, 16, 3, 1, 1, spectral: true);
                    using var c = new SnLinear(16, 8);
                    using var d = new ConvTranspose2d(16, 8, 4, 2, 1);
                    using var check = torch.NewDisposeScope();              // only the check: the layers are built outside any scope
                    foreach (var p in new nn.Module[] { a, b, c, d }.SelectMany(m => m.parameters()))
                        if (!p.isfinite().all().item<bool>() || p.abs().max().item<float>() > 10)
                            throw new InvalidOperationException($"a parameter of shape [{string.Join(", ", p.shape)}] was built from freed memory");
                }
            }
            catch (Exception e) { failures.Enqueue(e); }
        })).ToList();
        using var hammer = new CollectionHammer();
        builders.ForEach(t => t.Start());
        builders.ForEach(t => t.Join());
        int collections = hammer.Stop();
        Assert.Empty(failures);
        Assert.True(collections > 10, $"only {collections} forced collections ran");
    }
}
