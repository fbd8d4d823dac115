using Pigment.Core;
using Pigment.Models.Diffusion;
using Pigment.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Tests.Diffusion;

public class UNetTests
{
    [Fact]
    public void GroupNormStartsAtOnesAndZeros()
    {
        // Guards the TorchSharp 0.107 trap: nn.GroupNorm's weight and bias come uninitialised.
        for (int i = 0; i < 50; i++)
        {
            using var norm = Norms.GroupNorm(4, 16);
            Assert.True(norm.weight!.EqualTo(1).all().item<bool>());
            Assert.True(norm.bias!.EqualTo(0).all().item<bool>());
        }
        using var unet = new UNet(Tiny.UNet());
        foreach (var (name, parameter) in unet.named_parameters())
            Assert.True(parameter.isfinite().all().item<bool>(), name);
        foreach (var (name, module) in unet.named_modules().Where(m => m.module is TorchSharp.Modules.GroupNorm))
        {
            var norm = (TorchSharp.Modules.GroupNorm)module;
            Assert.True(norm.weight!.EqualTo(1).all().item<bool>(), name);
        }
    }

    [Fact]
    public void OutputHasTheInputShapeWithAndWithoutLabels()
    {
        torch.manual_seed(0);
        using var unet = new UNet(Tiny.UNet());
        // Start from non-zero output weights so the test sees the whole network.
        using (torch.no_grad())
            foreach (var p in unet.parameters())
                p.Plus_(torch.randn(p.shape).Mul(0.01));
        unet.eval();
        using var x = torch.randn(3, 1, 8, 8);
        using var t = torch.tensor(new float[] { 0, 500, 999.5f });
        using var labels = torch.tensor(new long[] { 0, 1, 2 });   // 2 = the null label
        using var y = unet.call(x, t, labels);
        Assert.Equal(x.shape, y.shape);
        using var unconditional = unet.call(x, t, null);
        using var nulls = ScalarMath.Full([3], 2, ScalarType.Int64);
        using var explicitNull = unet.call(x, t, nulls);
        Assert.True(unconditional.allclose(explicitNull));
        Assert.False(y.allclose(explicitNull));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ANewUNetPredictsZero(int threads)
    {
        // Zero-initialised output convolution: the untrained model predicts ε = 0 everywhere. (On AMD Zen 5 with
        // libtorch's native convolutions, the up path's 24→16 conv returned NaN now and then, and 0 · NaN ≠ 0.)
        using var _ = Pigment.Core.NativeMath.Threads.Use(threads);
        using var unet = new UNet(Tiny.UNet(classes: 0));
        using var y = unet.call(torch.randn(2, 1, 8, 8), torch.tensor(new float[] { 1, 2 }), null);
        Assert.Equal(0f, y.abs().max().item<float>());
    }
}
