using TorchSharp;

namespace Pigment.Tests;

public static class TensorAssert
{
    /// <summary>Same shape, dtype and every element equal (NaN never equal).</summary>
    public static bool Same(torch.Tensor a, torch.Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape) || a.dtype != b.dtype)
            return false;
        using var eq = a.eq(b);
        using var all = eq.all();
        return all.item<bool>();
    }
}
