namespace Pigment.Pipelines.Generation;

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
