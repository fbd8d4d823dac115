using Pigment.Pipelines.Generation;
using static TorchSharp.torch;

namespace Pigment.Pipelines;

/// <summary>
/// A trained generator fixed to one way of drawing (a sampler and steps, a temperature, a prior), as evaluation and the
/// side-by-side comparison of families see it: it draws images, and, where its family defines one, it reports its
/// test-set likelihood. <see cref="GenerativeModels.Open(string)"/> makes one from any <see cref="IImageGenerator"/>.
/// </summary>
public interface IGenerativeModel : IDisposable
{
    /// <summary>The model's name (its folder).</summary>
    string Name { get; }

    /// <summary>The family, as in config.json: ddpm, vae, gan, pixelcnn, flow.</summary>
    string Family { get; }

    /// <summary>How images are drawn, e.g. "DPM++ 2M, 20 steps" or "one generator pass".</summary>
    string Method { get; }

    /// <summary>Network passes per image: "1", "20 (sampler steps; T = 1000)", "784 (one per pixel)".</summary>
    string PassesPerImage { get; }

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
