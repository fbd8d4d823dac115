using Pigment.Core;
using Pigment.Core.Diffusion;
using Pigment.Models.Diffusion;
using Pigment.Samplers;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Pipelines;

/// <summary>A denoiser's output as the samplers take it: ε̂.</summary>
public static class NetworkOutput
{
    /// <summary>
    /// The network's output (ε or v) for (x_t, t) as ε̂: a v-predicting network is converted with
    /// ε = √(1−ᾱ) x_t + √ᾱ v (every item of a batch is at the same t).
    /// </summary>
    public static NoisePredictor AsEpsilon(Func<Tensor, Tensor, Tensor> network, PredictionType prediction, NoiseSchedule schedule) =>
        prediction == PredictionType.Epsilon
            ? (xt, t) => network(xt, t)
            : (xt, t) =>
            {
                using var scope = torch.NewDisposeScope();
                var v = network(xt, t);
                double abar = NoiseSchedule.AlphaCumprodOf(schedule.SigmaAt(t[0].item<float>()));
                return xt.Mul(Math.Sqrt(1 - abar)).Plus(v.Mul(Math.Sqrt(abar))).MoveToOuterDisposeScope();
            };
}
