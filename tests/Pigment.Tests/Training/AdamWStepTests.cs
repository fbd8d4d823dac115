using Pigment.Core;
using Pigment.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Pigment.Tests.Training;

public sealed class AdamWStepTests
{
    /// <summary>Our explicit-Scalar AdamW update matches TorchSharp's AdamW.step, with weight decay and a changed learning rate.</summary>
    [Fact]
    public void MatchesTorchSharpsAdamW()
    {
        torch.manual_seed(3);
        using var a = nn.Sequential(nn.Linear(5, 7), nn.Tanh(), nn.Linear(7, 2));
        using var b = nn.Sequential(nn.Linear(5, 7), nn.Tanh(), nn.Linear(7, 2));
        using (torch.no_grad())
            foreach (var (pa, pb) in a.parameters().Zip(b.parameters()))
                pb.copy_(pa);
        var initial = a.parameters().Select(TensorAssert.Snapshot).ToArray();
        var reference = optim.AdamW(a.parameters(), 0.01, 0.9, 0.99, weight_decay: 0.1);
        var ours = optim.AdamW(b.parameters(), 0.01, 0.9, 0.99, weight_decay: 0.1);
        using var x = torch.randn(16, 5);
        using var y = torch.randn(16, 2);
        for (int step = 0; step < 6; step++)
        {
            foreach (var (module, optimizer) in new[] { (a, reference), (b, ours) })
            {
                foreach (var group in optimizer.ParamGroups)
                    group.LearningRate = 0.01 / (step + 1);
                optimizer.zero_grad();
                using var loss = nn.functional.mse_loss(module.call(x), y);
                loss.backward();
            }
            reference.step();
            AdamWStep.Step(ours);
        }
        foreach (var ((pa, pb), start) in a.parameters().Zip(b.parameters()).Zip(initial))
        {
            Assert.True(pa.allclose(pb, rtol: 1e-5, atol: 1e-7), $"max difference {(pa - pb).abs().max().item<float>()}");
            Assert.False(pa.allclose(start, rtol: 0, atol: 1e-4));            // six steps moved every parameter tensor
        }
    }
}
