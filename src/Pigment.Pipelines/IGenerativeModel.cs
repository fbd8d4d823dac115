using static TorchSharp.torch;

namespace Pigment.Pipelines;

/// <summary>
/// Any trained image generator, seen the same way by evaluation and by the side-by-side comparison of families:
/// it draws images, and, where its family defines one, it reports its test-set likelihood.
/// </summary>
public interface IGenerativeModel : IDisposable
{
    /// <summary>The model's name (its folder).</summary>
    string Name { get; }

    /// <summary>The family, as in config.json: ddpm, vae, gan, pixelcnn, flow.</summary>
    string Family { get; }

    /// <summary>How images are drawn, e.g. "DPM++ 2M, 20 steps" or "one generator pass".</summary>
    string Method { get; }

    /// <summary>The dataset it was trained on (its evaluation classifier is models/classifier-DATASET).</summary>
    string Dataset { get; }

    long Parameters { get; }

    /// <summary>0 for an unconditional model; otherwise images cycle through the labels 0, 1, … K − 1.</summary>
    int NumClasses { get; }

    /// <summary>
    /// (N, C, H, W) in [−1, 1]; image i is drawn from seed + i and, for a class-conditional model, label i mod K.
    /// <paramref name="progress"/> receives the fraction done.
    /// </summary>
    Tensor Generate(int count, long seed, Action<double>? progress = null);

    /// <summary>The test-set negative log-likelihood, or null when the family has none (GANs, diffusion here).</summary>
    TestLikelihood? TestNll(int? limit, long seed, Action<double>? progress = null, LikelihoodSettings? settings = null);
}

/// <summary>How a likelihood is estimated where the family has a choice (null: the family's default).</summary>
/// <param name="ImportanceSamples">A VAE's IWAE bound: samples K per image (default 1000).</param>
/// <param name="Draws">A flow: dequantization draws averaged (default 3).</param>
public sealed record LikelihoodSettings(int? ImportanceSamples = null, int? Draws = null);

/// <summary>A test-set negative log-likelihood, in nats per image over <paramref name="Dimensions"/> pixels.</summary>
/// <param name="Data">What was modelled, e.g. "binarized" or "dequantized 8-bit".</param>
/// <param name="Estimate">"exact", or the bound used, e.g. "IWAE bound, K = 1000".</param>
public sealed record TestLikelihood(double NatsPerImage, int Dimensions, string Data, string Estimate, int Images)
{
    /// <summary>A class-conditional model's −log p(x | y) for the true class, beside the marginal −log p(x) above.</summary>
    public double? ConditionalNatsPerImage { get; init; }

    /// <summary>bits/dim = NLL / (D ln 2).</summary>
    public double BitsPerDim => NatsPerImage / (Dimensions * Math.Log(2));
}
