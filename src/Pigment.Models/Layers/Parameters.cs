using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Models.Layers;

/// <summary>
/// Parameters made from other tensors without the temporary-tensor trap: in TorchSharp 0.107 a tensor passes only
/// its native handle to libtorch, so a tensor that nothing references any more (the result of <c>w.detach()</c> in
/// <c>w.detach().clone()</c>, or <c>randn(n)</c> passed straight into a call) can be finalized by a collection on
/// another thread while libtorch still reads it. Outside a dispose scope (which holds every tensor it sees), as in a
/// layer's constructor, each temporary here is named and kept alive until the call has returned.
/// (TemporaryTensorStressTests builds layers while another thread forces collections: before, the host crashed.)
/// </summary>
public static class Parameters
{
    /// <summary>A new trainable parameter holding a copy of <paramref name="source"/>'s values.</summary>
    public static Parameter CopyOf(Tensor source)
    {
        using var detached = source.detach();
        var copy = new Parameter(detached.clone());
        GC.KeepAlive(source);
        return copy;
    }

    /// <summary>A random unit vector of <paramref name="length"/> (e.g. power iteration's starting u).</summary>
    public static Tensor RandomUnitVector(long length)
    {
        using var draw = torch.randn(length);
        return nn.functional.normalize(draw, dim: 0);
    }
}
