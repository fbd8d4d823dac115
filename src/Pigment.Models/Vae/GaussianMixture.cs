using Pigment.Core;
using Pigment.Core.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Models.Vae;

/// <summary>
/// A Gaussian mixture p(z) = Σ_k π_k N(z; μ_k, Σ_k) with full covariances Σ_k = L_k L_kᵀ, fitted by expectation
/// maximisation. Used as a VAE's ex-post prior (Ghosh et al. 2020, "From Variational to Deterministic
/// Autoencoders"; Dai &amp; Wipf 2019): after training, the codes of the training images are not spread like
/// N(0, I) — the aggregate posterior leaves holes the decoder never learned to fill — so sampling from a density
/// fitted to the codes themselves lands where the decoder has been trained. Parameters are kept in float64.
/// </summary>
public sealed class GaussianMixture : IDisposable
{
    private const string FileKind = "gaussian-mixture";

    private GaussianMixture(Tensor logWeights, Tensor means, Tensor cholesky)
    {
        LogWeights = logWeights;
        Means = means;
        Cholesky = cholesky;
    }

    /// <summary>log π_k, (K).</summary>
    public Tensor LogWeights { get; }

    /// <summary>μ_k, (K, D).</summary>
    public Tensor Means { get; }

    /// <summary>The lower Cholesky factors L_k of Σ_k, (K, D, D).</summary>
    public Tensor Cholesky { get; }

    public int Components => (int)Means.shape[0];

    public int Dimensions => (int)Means.shape[1];

    /// <summary>Free parameters: K − 1 weights, K·D means, K·D(D+1)/2 covariance entries.</summary>
    public long ParameterCount => Components - 1 + (long)Components * Dimensions + (long)Components * Dimensions * (Dimensions + 1) / 2;

    /// <summary>log p(z) for z shaped (…, D), returned shaped (…) in z's dtype.</summary>
    public Tensor LogDensity(Tensor z)
    {
        using var scope = torch.NewDisposeScope();
        var flat = z.reshape(-1, Dimensions).to(ScalarType.Float64);
        var logDensity = ComponentLogDensities(flat, LogWeights, Means, Cholesky).logsumexp(0);
        return logDensity.reshape(z.shape[..^1]).to(z.dtype).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// (count, D) draws, item i from its own generator seeded seed + i (first the component, then its noise); the
    /// temperature T scales the draw about its component's mean: z = μ_k + T L_k ε.
    /// </summary>
    public Tensor Sample(int count, long seed, double temperature = 1.0)
    {
        if (!(temperature > 0))
            throw new PigmentException($"The temperature must be positive, not {temperature}.");
        using var scope = torch.NewDisposeScope();
        var cumulative = LogWeights.exp().cumsum(0L);
        var draws = new Tensor[count];
        for (int i = 0; i < count; i++)
        {
            using var generator = Seeds.Generator(seed + i);
            double u = torch.rand(1, ScalarType.Float64, generator: generator).item<double>() * cumulative[-1].item<double>();
            long k = Math.Min(cumulative.LessThan(u).sum().item<long>(), Components - 1);
            var epsilon = torch.randn(Dimensions, ScalarType.Float64, generator: generator);
            draws[i] = Means[k].Plus(Cholesky[k].matmul(epsilon).Mul(temperature));
        }
        return torch.stack(draws).to(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Fits K components to points (N, D) by EM: k-means++ seeding and a few Lloyd iterations, then EM until the mean
    /// log-likelihood improves by less than <paramref name="tolerance"/>. <paramref name="regularization"/> is added
    /// to every covariance's diagonal so no component collapses onto a few points. Returns the mixture and the
    /// final mean log-likelihood of the points (nats per point).
    /// </summary>
    public static (GaussianMixture Mixture, double MeanLogLikelihood, int Iterations) Fit(
        Tensor points, int components, long seed, int maxIterations = 300, double tolerance = 1e-5, double regularization = 1e-4)
    {
        long n = points.shape[0];
        if (points.dim() != 2)
            throw new PigmentException($"A Gaussian mixture is fitted to (N, D) points, not shape [{string.Join(", ", points.shape)}].");
        if (components < 1 || n < components)
            throw new PigmentException($"Fitting {components} components needs at least that many points (got {n}).");
        using var scope = torch.NewDisposeScope();
        var x = points.to(ScalarType.Float64);
        using var generator = Seeds.Generator(seed);
        var responsibilities = KMeansAssignments(x, components, generator);
        Tensor logWeights = null!, means = null!, cholesky = null!;
        double previous = double.NegativeInfinity, current = double.NegativeInfinity;
        int iteration = 0;
        while (iteration < maxIterations)
        {
            // each iteration in its own scope: only the new parameters and responsibilities outlive it
            using (var step = torch.NewDisposeScope())
            {
                (logWeights, means, cholesky) = MaximisationStep(x, responsibilities, regularization);
                var joint = ComponentLogDensities(x, logWeights, means, cholesky);      // (K, N)
                var logLikelihood = joint.logsumexp(0);                                  // (N)
                current = logLikelihood.mean().item<double>();
                responsibilities.Dispose();
                responsibilities = (joint - logLikelihood.unsqueeze(0)).exp().t();       // (N, K)
                step.MoveToOuter(logWeights, means, cholesky, responsibilities);
            }
            iteration++;
            if (current - previous < tolerance)
                break;
            previous = current;
        }
        var mixture = new GaussianMixture(logWeights.MoveToOuterDisposeScope(), means.MoveToOuterDisposeScope(), cholesky.MoveToOuterDisposeScope());
        return (mixture, current, iteration);
    }

    public void Save(string path) => SafeTensors.Save(path,
        new Dictionary<string, Tensor> { ["log_weights"] = LogWeights, ["means"] = Means, ["cholesky"] = Cholesky },
        new Dictionary<string, string> { ["kind"] = FileKind });

    public static GaussianMixture Load(string path)
    {
        using var contents = SafeTensors.Load(path);
        if (!contents.Metadata.TryGetValue("kind", out var kind) || kind != FileKind
            || !contents.Tensors.TryGetValue("log_weights", out var w) || !contents.Tensors.TryGetValue("means", out var m)
            || !contents.Tensors.TryGetValue("cholesky", out var l))
            throw new PigmentException($"{path} is not a Gaussian mixture (expected log_weights, means and cholesky).");
        long k = m.shape[0], d = m.shape[1];
        if (w.shape.Length != 1 || w.shape[0] != k || l.shape.Length != 3 || l.shape[0] != k || l.shape[1] != d || l.shape[2] != d)
            throw new PigmentException($"{path}: the mixture's tensors disagree in shape.");
        return new GaussianMixture(w.to(ScalarType.Float64), m.to(ScalarType.Float64), l.to(ScalarType.Float64));
    }

    /// <summary>log π_k + log N(x_n; μ_k, L_k L_kᵀ), (K, N).</summary>
    private static Tensor ComponentLogDensities(Tensor x, Tensor logWeights, Tensor means, Tensor cholesky)
    {
        long d = x.shape[1];
        var centred = (x.unsqueeze(0) - means.unsqueeze(1)).transpose(1, 2);          // (K, D, N)
        var whitened = torch.linalg.solve_triangular(cholesky, centred, upper: false); // L_k⁻¹ (x − μ_k)
        var mahalanobis = whitened.square().sum(1);                                      // (K, N)
        var logDeterminant = cholesky.diagonal(0, -2, -1).log().sum(1).Mul(2);              // log |Σ_k|
        return logWeights.unsqueeze(1) - logDeterminant.unsqueeze(1).Add(d * Math.Log(2 * Math.PI)).Plus(mahalanobis).Mul(0.5);
    }

    /// <summary>π_k, μ_k and Σ_k from soft assignments (N, K).</summary>
    private static (Tensor LogWeights, Tensor Means, Tensor Cholesky) MaximisationStep(Tensor x, Tensor responsibilities, double regularization)
    {
        long n = x.shape[0], d = x.shape[1];
        var counts = responsibilities.sum(0L).Add(1e-10);                                    // (K)
        var means = responsibilities.t().matmul(x) / counts.unsqueeze(1);                // (K, D)
        var centred = x.unsqueeze(0) - means.unsqueeze(1);                               // (K, N, D)
        var weighted = centred * responsibilities.t().unsqueeze(2);
        var covariance = (weighted.transpose(1, 2).matmul(centred) / counts.reshape(-1, 1, 1))
                         .Plus(torch.eye(d, dtype: ScalarType.Float64).Mul(regularization));
        var logWeights = counts.Div(n).log();
        return (logWeights, means, torch.linalg.cholesky(covariance));
    }

    /// <summary>Hard k-means assignments as one-hot responsibilities (N, K): k-means++ seeding, then Lloyd's iterations.</summary>
    private static Tensor KMeansAssignments(Tensor x, int k, Generator generator, int iterations = 20)
    {
        long n = x.shape[0];
        var first = torch.randint(n, [1], generator: generator).item<long>();
        var centres = new List<Tensor> { x[first] };
        var nearest = (x - x[first]).square().sum(1);
        while (centres.Count < k)
        {
            // the next centre is a point drawn with probability proportional to its squared distance to the nearest centre
            var pick = torch.multinomial(nearest / nearest.sum(), 1, generator: generator).item<long>();
            centres.Add(x[pick]);
            nearest = torch.minimum(nearest, (x - x[pick]).square().sum(1));
        }
        var c = torch.stack(centres);
        Tensor assignment = null!;
        for (int i = 0; i < iterations; i++)
        {
            assignment = torch.cdist(x, c).argmin(1);
            var onehot = nn.functional.one_hot(assignment, k).to(ScalarType.Float64);
            var sizes = onehot.sum(0L).ClampMin(1);
            var moved = onehot.t().matmul(x) / sizes.unsqueeze(1);
            // an emptied cluster keeps its old centre
            c = torch.where(onehot.sum(0L).GreaterThan(0).unsqueeze(1), moved, c);
        }
        return nn.functional.one_hot(assignment, k).to(ScalarType.Float64);
    }

    public void Dispose()
    {
        LogWeights.Dispose();
        Means.Dispose();
        Cholesky.Dispose();
    }
}
