namespace Pigment.Pipelines.Generation;

/// <summary>How a likelihood is estimated where the family has a choice (null: the family's default).</summary>
/// <param name="ImportanceSamples">A VAE's IWAE bound: samples K per image (default 1000).</param>
/// <param name="Draws">A flow: dequantization draws averaged (default 3).</param>
public sealed record LikelihoodSettings(int? ImportanceSamples = null, int? Draws = null);
