using Pigment.Core;
using Pigment.Models.Layers;
using Conv2d = Pigment.Models.Layers.Conv2d;
using ConvTranspose2d = Pigment.Models.Layers.ConvTranspose2d;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Models.Vae;

/// <summary>
/// A convolutional VAE. Encoder q(z | x) = N(μ(x), diag σ²(x)): two stride-2 convolutions and a hidden layer to
/// (μ, log σ²). Decoder p(x | z): the mirror image with transposed convolutions, ending in per-pixel logits
/// (Bernoulli) or means and log-variances (Gaussian). Inputs are images in [0, 1].
/// </summary>
public sealed class ConvVae : nn.Module<Tensor, (Tensor Mean, Tensor LogVar)>
{
    private readonly Sequential encoder;
    private readonly Linear to_mean;
    private readonly Linear to_logvar;
    private readonly Sequential decoder_input;
    private readonly Sequential decoder;

    private readonly int _spatial;

    public ConvVae(VaeConfig config) : base(nameof(ConvVae))
    {
        if (config.ImageSize % 4 != 0)
            throw new Core.PigmentException($"The VAE needs an image size divisible by 4, not {config.ImageSize}.");
        Config = config;
        int w = config.Width, s = config.ImageSize / 4;
        _spatial = s;
        int flat = 2 * w * s * s;
        int outChannels = config.Likelihood == VaeLikelihood.Bernoulli ? config.InChannels : 2 * config.InChannels;
        encoder = nn.Sequential(
            new Conv2d(config.InChannels, w, 4, stride: 2, padding: 1), nn.ReLU(),    // (B, w, H/2, W/2)
            new Conv2d(w, 2 * w, 4, stride: 2, padding: 1), nn.ReLU(),                // (B, 2w, H/4, W/4)
            nn.Flatten(),
            nn.Linear(flat, config.HiddenDim), nn.ReLU());
        to_mean = nn.Linear(config.HiddenDim, config.LatentDim);
        to_logvar = nn.Linear(config.HiddenDim, config.LatentDim);
        decoder_input = nn.Sequential(nn.Linear(config.LatentDim, config.HiddenDim), nn.ReLU(), nn.Linear(config.HiddenDim, flat), nn.ReLU());
        decoder = nn.Sequential(
            new ConvTranspose2d(2 * w, w, 4, stride: 2, padding: 1), nn.ReLU(),
            new ConvTranspose2d(w, outChannels, 4, stride: 2, padding: 1));
        RegisterComponents();
    }

    public VaeConfig Config { get; }

    /// <summary>q(z | x): (μ, log σ²), each (B, latent).</summary>
    public override (Tensor Mean, Tensor LogVar) forward(Tensor x)
    {
        using var h = encoder.call(x);
        return (to_mean.call(h), to_logvar.call(h));
    }

    /// <summary>The decoder's raw output: Bernoulli logits (B, C, H, W), or means and log-variances (B, 2C, H, W).</summary>
    public Tensor Decode(Tensor z)
    {
        using var h = decoder_input.call(z);
        using var grid = h.reshape(-1, 2 * Config.Width, _spatial, _spatial);
        return decoder.call(grid);
    }

    /// <summary>log p(x | z) summed over pixels, (B): x in [0, 1] (binary for Bernoulli).</summary>
    public Tensor LogLikelihood(Tensor x, Tensor decoded)
    {
        using var scope = torch.NewDisposeScope();
        Tensor perPixel;
        if (Config.Likelihood == VaeLikelihood.Bernoulli)
        {
            // log Bern(x; p = sigmoid(l)) = −BCE-with-logits(l, x)
            perPixel = -nn.functional.binary_cross_entropy_with_logits(decoded, x, reduction: nn.Reduction.None);
        }
        else
        {
            // log N(x; m, e^s) = −½ (log 2π + s + (x − m)² e^{−s})
            var parts = decoded.chunk(2, 1);
            var mean = parts[0].sigmoid();
            var logVar = parts[1].Clamp(-10, 5);
            perPixel = logVar.Add(Math.Log(2 * Math.PI)).Plus((x - mean).square() * (-logVar).exp()).Mul(-0.5);
        }
        return perPixel.flatten(1).sum(1).MoveToOuterDisposeScope();
    }

    /// <summary>The decoder's mean image E[x | z] in [0, 1].</summary>
    public Tensor MeanImage(Tensor decoded) =>
        Config.Likelihood == VaeLikelihood.Bernoulli ? decoded.sigmoid() : decoded.chunk(2, 1)[0].sigmoid();
}
