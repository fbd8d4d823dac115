using Pigment.Core;
using Pigment.Core.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Models.Autoencoders;

/// <summary>
/// The autoencoder's loss, as SD's (without its patch discriminator): per image, the L1 distance summed over pixels
/// plus β · KL(q(z|x) ‖ N(0, I)) summed over latents, with KL = ½ Σ (μ² + σ² − 1 − log σ²); divided by the pixel
/// count so the learning rate does not depend on the image size. z is drawn from q(z|x) while training.
/// </summary>
public sealed class AutoencoderObjective : ITrainingObjective
{
    public const string FamilyName = "autoencoder";

    public AutoencoderObjective(AutoencoderConfig config)
    {
        Config = config;
        Autoencoder = new AutoencoderKL(config);
    }

    public AutoencoderConfig Config { get; }

    public AutoencoderKL Autoencoder { get; }

    public string Family => FamilyName;

    public nn.Module Model => Autoencoder;

    public nn.Module CreateModel() => new AutoencoderKL(Config);

    public Tensor Loss(nn.Module model, Batch batch, Generator generator)
    {
        var autoencoder = (AutoencoderKL)model;
        using var scope = torch.NewDisposeScope();
        var x = batch.Images;                                                        // (B, C, H, W) in [−1, 1]
        var (mean, logVariance) = autoencoder.Encode(x);                             // (B, z, h, w) each
        var z = AutoencoderKL.Sample(mean, logVariance, generator);
        var reconstruction = autoencoder.Decode(z);
        long pixels = x.numel() / x.shape[0];
        var l1 = (reconstruction - x).abs().sum().Div(x.shape[0]);                   // E_x Σ |x − x̂|
        var kl = (mean.square().Plus(logVariance.exp()) - logVariance).Sub(1.0).sum().Mul(0.5).Div(x.shape[0]); // E_x KL
        return l1.Plus(kl.Mul(Config.KlWeight)).Div(pixels).MoveToOuterDisposeScope();
    }

    /// <summary>Peak signal-to-noise ratio in dB of images in [−1, 1] (measured on [0, 1]): 10 log₁₀(1 / MSE).</summary>
    public static double Psnr(Tensor original, Tensor reconstruction)
    {
        using var scope = torch.NewDisposeScope();
        double mse = (original - reconstruction.Clamp(-1.0, 1.0)).Div(2.0).square().mean().item<float>();
        return 10 * Math.Log10(1 / Math.Max(mse, 1e-12));
    }
}
