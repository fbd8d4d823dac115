using Pigment.Core;
using TorchSharp;

namespace Pigment.Tests.Core;

public class TorchEngineTests
{
    [Fact]
    public void TorchLoadsAndComputes()
    {
        // Loading libLibTorchSharp.so needs the build's GLIBCXX_3.4.32 fix on Debian 12; if it were missing, the
        // first torch call would throw "version `GLIBCXX_3.4.32' not found".
        using var a = torch.tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        using var b = torch.tensor(new float[] { 5, 6, 7, 8 }, [2, 2]);
        using var product = a.matmul(b);
        Assert.Equal(new float[] { 19, 22, 43, 50 }, product.data<float>().ToArray());
        using var sum = a.Plus(b).sum();
        Assert.Equal(36f, sum.item<float>());
        Assert.StartsWith("2.10", torch.__version__);
    }

    [Fact]
    public void AutogradWorks()
    {
        using var x = torch.tensor(new float[] { 3 }, requires_grad: true);
        using var y = (x * x).Mul(2); // dy/dx = 4x = 12
        y.backward();
        Assert.Equal(12f, x.grad!.item<float>());
    }
}
