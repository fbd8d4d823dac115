using Pigment.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Samplers;

/// <summary>
/// The network seen in the two parameterisations the samplers use. Variance-preserving (VP): x_t = √ᾱ x_0 +
/// √(1−ᾱ) ε. Variance-exploding (VE, "sigma space"): x = x_t / √ᾱ = x_0 + σ ε with σ = √((1−ᾱ)/ᾱ).
/// </summary>
public sealed class Denoiser
{
    private readonly NoisePredictor _predict;
    private readonly bool _clip;

    public Denoiser(NoisePredictor predict, bool clipDenoised)
    {
        _predict = predict;
        _clip = clipDenoised;
    }

    /// <summary>ε̂ = ε_θ(x_t, t) for a VP input, every item of the batch at timestep t.</summary>
    public Tensor Epsilon(Tensor xVp, double t)
    {
        using var time = ScalarMath.Full([xVp.shape[0]], t, ScalarType.Float32, xVp.device);
        return _predict(xVp, time);
    }

    /// <summary>x̂_0 = (x_t − √(1−ᾱ) ε̂) / √ᾱ from a VP input (clamped to [−1, 1] when asked).</summary>
    public Tensor DenoisedFromVp(Tensor xVp, Tensor epsilon, double alphaBar)
    {
        var x0 = (xVp - epsilon.Mul(Math.Sqrt(1 - alphaBar))).Div(Math.Sqrt(alphaBar));
        return _clip ? x0.Clamp_(-1, 1) : x0;
    }

    /// <summary>
    /// x̂_0 = x − σ ε̂ from a VE input, evaluating the network at the VP point x_t = x / √(1 + σ²). When clipping,
    /// the returned ε̂ is the one consistent with the clamped x̂_0: ε̂ = (x − x̂_0) / σ.
    /// </summary>
    public (Tensor Denoised, Tensor Epsilon) DenoiseVe(Tensor x, double sigma, double t)
    {
        using var xVp = x.Div(Math.Sqrt(1 + sigma * sigma));
        var epsilon = Epsilon(xVp, t);
        var x0 = x - epsilon.Mul(sigma);
        if (!_clip)
            return (x0, epsilon);
        x0.Clamp_(-1, 1);
        using (epsilon)
            return (x0, (x - x0).Div(sigma));
    }
}
