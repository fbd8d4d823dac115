using Pigment.Core;
using Pigment.Core.Data;
using Pigment.Core.Diffusion;
using Pigment.Models.Autoencoders;
using Pigment.Models.Diffusion;
using Pigment.Models.LatentDiffusion;
using Pigment.Models.TextEncoders;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Pigment.Tests.TextToImage;

/// <summary>Min-SNR-γ weighting of the latent denoiser's loss (Hang et al. 2023).</summary>
public sealed class MinSnrWeightingTests
{
    private static LatentDiffusionObjective Objective(PredictionType prediction, double? gamma)
    {
        torch.manual_seed(5);
        var config = TinyTextToImage.Diffusion() with { Prediction = prediction, MinSnrGamma = gamma };
        return new LatentDiffusionObjective(config, new AutoencoderKL(TinyTextToImage.Autoencoder), new ClipModel(TinyTextToImage.TextEncoder));
    }

    [Fact]
    public void EachStepsXZeroErrorCountsMinOfSnrAndGamma()
    {
        var schedule = new NoiseSchedule(new NoiseScheduleConfig());
        long[] steps = [0, 100, 400, 700, 999];
        using var t = torch.tensor(steps);
        foreach (var prediction in new[] { PredictionType.Velocity, PredictionType.Epsilon })
        {
            var objective = Objective(prediction, 5);
            using var weights = objective.MinSnrWeights(t, 5);
            for (int i = 0; i < steps.Length; i++)
            {
                double alphaBar = schedule.AlphasCumprod[steps[i]], snr = alphaBar / (1 - alphaBar);
                // The loss in the prediction's units is (SNR + 1)·|x₀ error|² for v and SNR·|x₀ error|² for ε:
                // the weight turns it into min(SNR, γ)·|x₀ error|².
                double units = prediction == PredictionType.Velocity ? snr + 1 : snr;
                Assert.Equal(Math.Min(snr, 5), weights[i].item<float>() * units, 3);
            }
            // Nearly clean steps are weighted down hard; noisy ones (SNR < γ) keep most of their weight under v.
            Assert.True(weights[0].item<float>() < 1e-3);
            if (prediction == PredictionType.Velocity)
                Assert.Equal(schedule.AlphasCumprod[700], weights[3].item<float>(), 4);
            else
                Assert.Equal(1.0, weights[3].item<float>(), 5);
        }
    }

    [Fact]
    public void AGammaAboveEverySnrLeavesTheEpsilonLossAsItWas()
    {
        // Under ε-prediction the weight is min(SNR, γ) / SNR: 1 at every step when γ exceeds the largest SNR, so the
        // weighted loss is the plain one on the same draws; a small γ changes it.
        using var images = torch.rand([4, 3, 32, 32], generator: Seeds.Generator(1)).Mul(2).Sub(1);
        string?[] captions = ["a red circle", "three stars", "a blue square left of a green cross", "a yellow star"];
        float Loss(double? gamma)
        {
            var objective = Objective(PredictionType.Epsilon, gamma);
            using var batch = new Batch(images.alias(), torch.zeros(4, ScalarType.Int64), captions, 0, 0);
            using var generator = Seeds.Generator(9);
            using var loss = objective.Loss(objective.Unet, batch, generator);
            return loss.item<float>();
        }
        float plain = Loss(null);
        Assert.Equal(plain, Loss(1e9), 5);
        Assert.NotEqual(plain, Loss(0.1), 3);                // these draws' steps are 649–844, SNR 0.02–0.4
    }
}
