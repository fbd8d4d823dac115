using Pigment.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Models.Vae;

/// <summary>
/// The importance-weighted estimate of the negative log-likelihood (Burda et al. 2016, the IWAE bound):
/// log p(x) ≈ log (1/K) Σ_k p(x | z_k) p(z_k) / q(z_k | x), z_k ~ q(z | x). It is a lower bound on log p(x)
/// that tightens as K grows; with K = 1000 it is the standard way VAE likelihoods on MNIST are reported.
/// </summary>
public static class ImportanceSampledNll
{
    /// <summary>
    /// −log p̂(x) in nats for each image of a batch in [0, 1] (binary for a Bernoulli VAE), (B). The prior is N(0, I)
    /// unless <paramref name="prior"/> is given (log p(z) for z shaped (…, D)).
    /// </summary>
    public static Tensor Estimate(ConvVae vae, Tensor x, int samples, Generator generator, int chunk = 100, Func<Tensor, Tensor>? prior = null)
    {
        using var inference = torch.inference_mode();
        using var scope = torch.NewDisposeScope();
        var (mean, logVar) = vae.call(x);                                       // (B, D)
        long b = x.shape[0];
        var logWeights = new List<Tensor>();
        for (int start = 0; start < samples; start += chunk)
        {
            int k = Math.Min(chunk, samples - start);
            var epsilon = torch.randn([k, b, mean.shape[1]], generator: generator).to(x.device);
            var z = mean.unsqueeze(0).Plus(logVar.Mul(0.5).exp().unsqueeze(0) * epsilon);   // (k, B, D)
            var decoded = vae.Decode(z.reshape(k * b, -1));
            var logLikelihood = vae.LogLikelihood(x.repeat(k, 1, 1, 1), decoded).reshape(k, b);
            var logPrior = prior?.Invoke(z) ?? StandardNormalLogDensity(z);      // log p(z)
            var logPosterior = logVar.unsqueeze(0).Add(Math.Log(2 * Math.PI)).Plus(epsilon.square()).sum(2).Mul(-0.5); // log q(z | x)
            logWeights.Add(logLikelihood.Plus(logPrior) - logPosterior);
        }
        var all = torch.cat(logWeights, 0);                                        // (K, B)
        var logP = all.logsumexp(0).Sub(Math.Log(samples));
        return (-logP).MoveToOuterDisposeScope();
    }

    /// <summary>log N(z; 0, I) summed over the last dimension.</summary>
    public static Tensor StandardNormalLogDensity(Tensor z) => z.square().Add(Math.Log(2 * Math.PI)).sum(-1).Mul(-0.5);
}
