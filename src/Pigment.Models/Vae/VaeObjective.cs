using Pigment.Core;
using Pigment.Core.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Models.Vae;

/// <summary>
/// The negative evidence lower bound, averaged over the batch:
/// −ELBO = E_q[−log p(x | z)] + KL(q(z | x) ‖ N(0, I)), with one reparameterized sample z = μ + σ ⊙ ε, ε ~ N(0, I)
/// (so gradients flow through μ and σ), and the Gaussian KL in closed form
/// KL = −½ Σ_j (1 + log σ_j² − μ_j² − σ_j²).
/// For the Bernoulli likelihood, digits are binarized afresh at every step (dynamic binarization: x ~ Bern(pixel)).
/// </summary>
public sealed class VaeObjective : ITrainingObjective
{
    public const string FamilyName = "vae";

    public VaeObjective(VaeConfig config)
    {
        Config = config;
        Vae = new ConvVae(config);
    }

    public VaeConfig Config { get; }

    public ConvVae Vae { get; }

    public string Family => FamilyName;

    public nn.Module Model => Vae;

    public nn.Module CreateModel() => new ConvVae(Config);

    public Tensor Loss(nn.Module model, Batch batch, Generator generator)
    {
        var vae = (ConvVae)model;
        using var scope = torch.NewDisposeScope();
        var x = Prepare(batch.Images, Config.Likelihood, generator);
        var (mean, logVar) = vae.call(x);
        var z = Reparameterize(mean, logVar, generator);
        var reconstruction = vae.LogLikelihood(x, vae.Decode(z));              // log p(x | z), (B)
        var kl = KlToStandardNormal(mean, logVar);                             // (B)
        return (kl - reconstruction).mean().MoveToOuterDisposeScope();
    }

    /// <summary>[−1, 1] batch → [0, 1]; for Bernoulli, a binary sample x ~ Bern(pixel).</summary>
    public static Tensor Prepare(Tensor images, VaeLikelihood likelihood, Generator generator)
    {
        var unit = images.Add(1).Div(2).Clamp(0, 1);
        if (likelihood == VaeLikelihood.Gaussian)
            return unit;
        using (unit)
            return (torch.rand(unit.shape, generator: generator).to(unit.device) < unit).to_type(ScalarType.Float32);
    }

    /// <summary>z = μ + σ ⊙ ε with σ = exp(½ log σ²), ε ~ N(0, I).</summary>
    public static Tensor Reparameterize(Tensor mean, Tensor logVar, Generator generator)
    {
        using var epsilon = torch.randn(mean.shape, generator: generator).to(mean.device);
        using var std = logVar.Mul(0.5).exp();
        return mean.Plus(std * epsilon);
    }

    /// <summary>KL(N(μ, σ²) ‖ N(0, 1)) summed over latent dimensions: −½ Σ (1 + log σ² − μ² − σ²).</summary>
    public static Tensor KlToStandardNormal(Tensor mean, Tensor logVar)
    {
        using var terms = logVar.Add(1) - mean.square() - logVar.exp();
        return terms.sum(1).Mul(-0.5);
    }
}
