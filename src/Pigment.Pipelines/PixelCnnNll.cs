namespace Pigment.Pipelines;

/// <summary>
/// An exact test NLL. <see cref="Nats"/>: nats per image, −log p(x) for an unconditional model and −log p(x | y) with
/// the true label for a conditional one; <see cref="MarginalNats"/>: −log p(x) = −log Σ_y (1/K) p(x | y) for a
/// conditional model (null otherwise).
/// </summary>
public sealed record PixelCnnNll(double Nats, double? MarginalNats, int Images, long Dimensions)
{
    /// <summary>Nats per image → bits per dimension: NLL / (D ln 2).</summary>
    public double BitsPerDim(double nats) => nats / (Dimensions * Math.Log(2));
}
