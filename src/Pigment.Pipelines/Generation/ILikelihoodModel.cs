namespace Pigment.Pipelines.Generation;

/// <summary>A generator whose family defines a test-set likelihood (VAE: an IWAE bound; PixelCNN and flow: exact).</summary>
public interface ILikelihoodModel
{
    /// <summary>
    /// The test split's negative log-likelihood over its first <paramref name="limit"/> images (null: all), under the
    /// model as <paramref name="request"/> configures it (a VAE's prior). <paramref name="progress"/> gets the fraction done.
    /// </summary>
    TestLikelihood TestNll(GenerationRequest request, int? limit, long seed, Action<double>? progress = null, LikelihoodSettings? settings = null);
}
