using Pigment.Core;
using Pigment.Core.Data;
using Pigment.Core.Diffusion;
using Pigment.Models.Autoencoders;
using Pigment.Models.Diffusion;
using Pigment.Models.TextEncoders;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Models.LatentDiffusion;

/// <summary>
/// The latent diffusion objective (Rombach et al. 2022, eq. 2): with the autoencoder and the text encoder frozen,
/// z_0 = s · z, z ~ q(z|x) (s = <see cref="LatentDiffusionConfig.LatentScale"/>); the caption c is replaced by the
/// empty prompt with probability p (for classifier-free guidance); t, ε as in pixel diffusion,
/// z_t = √ᾱ_t z_0 + √(1−ᾱ_t) ε, and the UNet regresses ε (or v = √ᾱ_t ε − √(1−ᾱ_t) z_0) given τ(c).
/// </summary>
public sealed class LatentDiffusionObjective : ITrainingObjective
{
    public const string FamilyName = "ldm";

    private readonly NoiseSchedule _schedule;

    public LatentDiffusionObjective(LatentDiffusionConfig config, AutoencoderKL autoencoder, ClipModel textEncoder)
    {
        Config = config;
        Autoencoder = autoencoder;
        TextEncoder = textEncoder;
        foreach (var frozen in new nn.Module[] { autoencoder, textEncoder })
        {
            frozen.eval();
            foreach (var p in frozen.parameters())
                p.requires_grad = false;
        }
        _schedule = new NoiseSchedule(config.Schedule);
        Unet = new CrossAttentionUNet(config.Unet);
    }

    public LatentDiffusionConfig Config { get; }

    public AutoencoderKL Autoencoder { get; }

    public ClipModel TextEncoder { get; }

    public CrossAttentionUNet Unet { get; }

    public string Family => FamilyName;

    public nn.Module Model => Unet;

    public nn.Module CreateModel() => new CrossAttentionUNet(Config.Unet);

    public Tensor Loss(nn.Module model, Batch batch, Generator generator)
    {
        var unet = (CrossAttentionUNet)model;
        using var scope = torch.NewDisposeScope();
        var device = batch.Images.device;
        long b = batch.Images.shape[0];
        Tensor z0;
        TextEncoding text;
        using (torch.no_grad())
        {
            var (mean, logVariance) = Autoencoder.Encode(batch.Images);
            z0 = AutoencoderKL.Sample(mean, logVariance, generator).Mul(Config.LatentScale);      // (B, z, h, w)
            var drop = torch.rand(b, generator: generator).LessThan(Config.CaptionDropout);
            var prompts = batch.Captions.Select((c, i) => drop[i].item<bool>() ? "" : c ?? "").ToArray();
            text = TextEncoder.EncodeText(prompts, device, Config.WordEmbeddings);
        }
        var t = torch.randint(0, _schedule.TrainingSteps, [b], generator: generator);           // t ~ U{0..T−1}
        var noise = torch.randn(z0.shape, generator: generator).to(device);                       // ε ~ N(0, I)
        var zt = _schedule.AddNoise(z0, noise, t);
        var target = Config.Prediction == PredictionType.Epsilon ? noise : _schedule.Velocity(z0, noise, t);
        var prediction = unet.call(zt, t.to(device), text);
        if (Config.MinSnrGamma is not { } gamma)
            return nn.functional.mse_loss(prediction, target).MoveToOuterDisposeScope();
        var perSample = (prediction - target).square().mean([1, 2, 3]);                         // (B)
        return perSample.mul(MinSnrWeights(t, gamma).to(device)).mean().MoveToOuterDisposeScope();
    }

    /// <summary>Min-SNR-γ weights (B) of timesteps t for this objective's prediction (<see cref="LatentDiffusionConfig.MinSnrGamma"/>).</summary>
    public Tensor MinSnrWeights(Tensor t, double gamma)
    {
        var weights = t.data<long>().Select(step =>
        {
            double alphaBar = _schedule.AlphasCumprod[step], snr = alphaBar / (1 - alphaBar);
            return (float)(Math.Min(snr, gamma) / (Config.Prediction == PredictionType.Epsilon ? snr : snr + 1));
        }).ToArray();
        return torch.tensor(weights);
    }

    /// <summary>1 / std of sampled latents over <paramref name="images"/> (B, C, H, W) in [−1, 1].</summary>
    public static double MeasureLatentScale(AutoencoderKL autoencoder, Tensor images, Generator generator)
    {
        using var scope = torch.NewDisposeScope();
        using var inference = torch.inference_mode();
        var (mean, logVariance) = autoencoder.Encode(images);
        double std = AutoencoderKL.Sample(mean, logVariance, generator).std().item<float>();
        return 1 / std;
    }
}
