using Pigment.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Tests.Core;

/// <summary>The FLOP counter of <c>bench speed</c> counts what the textbook formulas give for a small network.</summary>
public sealed class FlopCounterTests
{
    private sealed class Small : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d conv = new(3, 8, 3, padding: 1);
        private readonly TorchSharp.Modules.Linear linear = nn.Linear(8, 5);
        private readonly Attention attention = new(8, 8, heads: 2);

        public Small() : base(nameof(Small)) => RegisterComponents();

        public override Tensor forward(Tensor x)
        {
            var h = conv.call(x);                                                    // (B, 8, 6, 6)
            var tokens = h.flatten(2).transpose(1, 2);                               // (B, 36, 8)
            return linear.call(attention.call(tokens, null, null));                  // (B, 36, 5)
        }
    }

    [Fact]
    public void CountsConvolutionsLinearLayersAndAttention()
    {
        using var network = new Small();
        using var x = torch.randn(2, 3, 6, 6);
        long conv = 2L * 2 * 8 * 6 * 6 * 3 * 3 * 3;
        long projections = 4 * (2L * 2 * 36 * 8 * 8);                               // q, k, v, out
        long products = 2L * 2 * 2 * 2 * 36 * 36 * 4;                              // QKᵀ and AV: B 2, heads 2, d 4
        long head = 2L * 2 * 36 * 8 * 5;
        using (var counter = FlopCounter.Start(network))
        {
            using var _ = torch.no_grad();
            network.call(x).Dispose();
            Assert.Equal(conv + projections + products + head, counter.Operations);
            Assert.Throws<InvalidOperationException>(() => FlopCounter.Start(network));
        }
        using (var again = FlopCounter.Start(network))
            Assert.Equal(0, again.Operations);
    }
}
