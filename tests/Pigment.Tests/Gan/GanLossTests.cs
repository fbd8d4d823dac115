using Pigment.Models.Gan;
using TorchSharp;

namespace Pigment.Tests.Gan;

public class GanLossTests
{
    private static readonly float[] Real = [2.0f, -0.5f, 0.1f];
    private static readonly float[] Fake = [-1.5f, 0.3f, 3.0f];

    private static double Sigmoid(double d) => 1 / (1 + Math.Exp(-d));

    [Fact]
    public void DiscriminatorLossIsTheBinaryCrossEntropy()
    {
        using var real = torch.tensor(Real);
        using var fake = torch.tensor(Fake);
        double expected = -Real.Average(d => Math.Log(Sigmoid(d))) - Fake.Average(d => Math.Log(1 - Sigmoid(d)));
        foreach (var kind in new[] { GanLossKind.NonSaturating, GanLossKind.Minimax })
        {
            using var loss = GanLoss.Discriminator(kind, real, fake);
            Assert.Equal(expected, loss.item<float>(), 5);
        }
        using var hinge = GanLoss.Discriminator(GanLossKind.Hinge, real, fake);
        Assert.Equal(Real.Average(d => Math.Max(0, 1 - d)) + Fake.Average(d => Math.Max(0, 1 + d)), hinge.item<float>(), 5);
    }

    [Fact]
    public void GeneratorLossesMatchTheirFormulas()
    {
        using var fake = torch.tensor(Fake);
        using var nonSaturating = GanLoss.Generator(GanLossKind.NonSaturating, fake);
        Assert.Equal(-Fake.Average(d => Math.Log(Sigmoid(d))), nonSaturating.item<float>(), 5);
        using var minimax = GanLoss.Generator(GanLossKind.Minimax, fake);
        Assert.Equal(Fake.Average(d => Math.Log(1 - Sigmoid(d))), minimax.item<float>(), 5);
        using var hinge = GanLoss.Generator(GanLossKind.Hinge, fake);
        Assert.Equal(-Fake.Average(), hinge.item<float>(), 5);
    }

    [Fact]
    public void MinimaxSaturatesWhereNonSaturatingDoesNot()
    {
        // When D confidently rejects fakes (d ≪ 0), log(1 − D) has almost no gradient; −log D still has one.
        using var fake = torch.tensor(new float[] { -8f }, requires_grad: true);
        using (var minimax = GanLoss.Generator(GanLossKind.Minimax, fake))
            minimax.backward();
        double minimaxGrad = Math.Abs(fake.grad!.item<float>());
        fake.grad!.zero_();
        using (var nonSaturating = GanLoss.Generator(GanLossKind.NonSaturating, fake))
            nonSaturating.backward();
        double nonSaturatingGrad = Math.Abs(fake.grad!.item<float>());
        Assert.True(minimaxGrad < 1e-3 && nonSaturatingGrad > 0.99, $"{minimaxGrad} vs {nonSaturatingGrad}");
    }
}
