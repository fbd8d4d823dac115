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

    /// <summary>A detached copy of <paramref name="tensor"/>, its temporary named (see Pigment.Models.Layers.Parameters).</summary>
    public static torch.Tensor Snapshot(torch.Tensor tensor)
    {
        using var detached = tensor.detach();
        return detached.clone();
    }

    /// <summary>Asserts that two tensors have the same shape and differ by at most <paramref name="tolerance"/> anywhere.</summary>
    public static void Close(torch.Tensor expected, torch.Tensor actual, double tolerance)
    {
        Assert.Equal(expected.shape, actual.shape);
        using var difference = (expected - actual).abs().max();
        double d = difference.item<float>();
        Assert.True(d <= tolerance, $"largest difference {d}, tolerance {tolerance}");
    }
}
