using Pigment.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Models.Flow;

/// <summary>
/// From 8-bit pixels to the flow's continuous input and back, with the likelihood bookkeeping of Real NVP §4.1 and
/// Theis et al. 2016: x ∈ {0 … 255}, u = (x + U(0, 1)) / 256 ∈ [0, 1)^D, y = logit(α + (1 − 2α) u).
/// log P(x) ≥ E_U[log p(u)] − D log 256 and log p(u) = log p(y) + log |dy/du|, so
/// bits/dim = −(log p(u) − D log 256) / (D ln 2).
/// </summary>
public static class Dequantization
{
    /// <summary>
    /// The exact 8-bit values of a batch in [−1, 1]: the loaders make v = 2·x/255 − 1 from the stored bytes, so
    /// x = round(255 (v + 1) / 2).
    /// </summary>
    public static Tensor ToBytes(Tensor images)
    {
        using var scaled = images.to_type(ScalarType.Float32).Add(1).Mul(127.5);
        return scaled.round().Clamp(0, 255);
    }

    /// <summary>u = (x + U(0, 1)) / 256: uniform dequantization of bytes (as floats).</summary>
    public static Tensor Dequantize(Tensor bytes, Generator? generator)
    {
        using var noise = torch.rand(bytes.shape, generator: generator, dtype: bytes.dtype).to(bytes.device);
        return bytes.Plus(noise).Div(256.0);
    }

    /// <summary>y = logit(α + (1 − 2α) u) and log |dy/du| per image.</summary>
    public static (Tensor Y, Tensor LogDet) Logit(Tensor u, double alpha)
    {
        using var scope = torch.NewDisposeScope();
        var s = u.Mul(1 - 2 * alpha).Add(alpha);
        var y = s.log() - s.RSub(1).log();                                        // logit(s) = log s − log(1 − s)
        // dy/du = (1 − 2α) / (s (1 − s)), and −log s − log(1 − s) = softplus(−y) + softplus(y).
        var perPixel = nn.functional.softplus(-y).Add(Math.Log(1 - 2 * alpha)).Plus(nn.functional.softplus(y));
        var logDet = perPixel.flatten(1).sum(1);
        return (y.MoveToOuterDisposeScope(), logDet.MoveToOuterDisposeScope());
    }

    /// <summary>u = (sigmoid(y) − α) / (1 − 2α), the inverse of <see cref="Logit"/> (clamped to [0, 1] for images).</summary>
    public static Tensor InverseLogit(Tensor y, double alpha)
    {
        using var s = y.sigmoid();
        using var u = s.Sub(alpha).Div(1 - 2 * alpha);
        return u.Clamp(0, 1);
    }

    /// <summary>bits/dim = −(log p(u) − D log 256) / (D ln 2), per image.</summary>
    public static Tensor BitsPerDim(Tensor logDensityU, int dimensions) =>
        (-logDensityU.Sub(dimensions * Math.Log(256))).Div(dimensions * Math.Log(2));

    /// <summary>Negative log-likelihood of the discrete image in nats: −(log p(u) − D log 256), per image.</summary>
    public static Tensor NatsPerImage(Tensor logDensityU, int dimensions) => -logDensityU.Sub(dimensions * Math.Log(256));
}
