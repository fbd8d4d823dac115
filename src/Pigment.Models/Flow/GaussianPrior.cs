using Pigment.Core;
using Pigment.Models.Layers;
using Conv2d = Pigment.Models.Layers.Conv2d;
using ConvTranspose2d = Pigment.Models.Layers.ConvTranspose2d;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Models.Flow;

/// <summary>
/// A diagonal Gaussian prior p(z | h, y) = N(μ, diag σ²) over latents of shape (C, H, W), learned:
/// (μ, log σ) = bias + conv(h) + embed(y), each part starting at zero (so the prior starts as N(0, I)).
/// conv(h) is present for a factored-out split (Glow's learned conditional prior on the half it leaves behind);
/// embed(y) is present for a class-conditional model. The top prior has neither the conv nor h.
/// </summary>
public sealed class GaussianPrior : nn.Module
{
    private readonly Parameter bias;
    private readonly Conv2d? conv;
    private readonly Embedding? class_embedding;

    private readonly long[] _shape;

    public GaussianPrior(int conditionChannels, int channels, int height, int width, int numClasses) : base(nameof(GaussianPrior))
    {
        _shape = [channels, height, width];
        bias = nn.Parameter(torch.zeros(2 * channels, height, width));
        if (conditionChannels > 0)
        {
            conv = new Conv2d(conditionChannels, 2 * channels, 3, padding: 1);
            using var noGrad = torch.no_grad();
            conv.weight!.zero_();
            conv.bias!.zero_();
        }
        if (numClasses > 0)
        {
            class_embedding = nn.Embedding(numClasses, 2 * channels * height * width);
            using var noGrad = torch.no_grad();
            class_embedding.weight!.zero_();
        }
        RegisterComponents();
    }

    /// <summary>(μ, log σ), each (B, C, H, W).</summary>
    public (Tensor Mean, Tensor LogStd) Parameters(long batch, Tensor? condition, Tensor? labels)
    {
        using var scope = torch.NewDisposeScope();
        var h = bias.unsqueeze(0).expand(batch, -1, -1, -1);
        if (conv is not null)
        {
            if (condition is null)
                throw new ArgumentException("This prior is conditioned on the kept half of the channels.");
            h = h.Plus(conv.call(condition));
        }
        if (class_embedding is not null)
        {
            if (labels is null)
                throw new ArgumentException("This prior is class-conditional: give labels.");
            h = h.Plus(class_embedding.call(labels).reshape(batch, 2 * _shape[0], _shape[1], _shape[2]));
        }
        var parts = h.chunk(2, 1);
        return (parts[0].MoveToOuterDisposeScope(), parts[1].MoveToOuterDisposeScope());
    }

    /// <summary>log N(z; μ, σ²) summed per image: Σ −½ log 2π − log σ − ½ ((z − μ)/σ)², (B).</summary>
    public static Tensor LogDensity(Tensor z, Tensor mean, Tensor logStd)
    {
        using var scope = torch.NewDisposeScope();
        var standardized = (z - mean) * (-logStd).exp();
        var perElement = logStd.RSub(-0.5 * Math.Log(2 * Math.PI)) - standardized.square().Mul(0.5);
        return perElement.flatten(1).sum(1).MoveToOuterDisposeScope();
    }

    /// <summary>z = μ + T · σ ⊙ ε, ε ~ N(0, I): a draw at temperature T (T = 1 is the model's own distribution).</summary>
    public Tensor Sample(long batch, Tensor? condition, Tensor? labels, double temperature, Generator? generator)
    {
        using var scope = torch.NewDisposeScope();
        var (mean, logStd) = Parameters(batch, condition, labels);
        var epsilon = torch.randn(mean.shape, generator: generator, dtype: mean.dtype).to(mean.device);
        return mean.Plus(logStd.exp().Mul(temperature) * epsilon).MoveToOuterDisposeScope();
    }
}
