using Pigment.Core;
using Pigment.Models.Diffusion;
using Pigment.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Conv2d = Pigment.Models.Layers.Conv2d;
using Upsample = Pigment.Models.Diffusion.Upsample;

namespace Pigment.Models.Autoencoders;

/// <summary>
/// A KL-regularised autoencoder (Rombach et al. 2022, §3): the encoder maps an image x ∈ [−1, 1] to the mean and
/// log-variance of a diagonal Gaussian q(z|x) over a small latent grid; the decoder maps z back to pixels. Latent
/// diffusion runs on z (scaled to unit variance), so the diffusion model never sees pixels.
/// </summary>
public sealed class AutoencoderKL : nn.Module<Tensor, Tensor>
{
    private readonly Sequential encoder;
    private readonly Sequential decoder;

    public AutoencoderKL(AutoencoderConfig config) : base(nameof(AutoencoderKL))
    {
        config.Validate();
        Config = config;
        int groups = config.NormGroups;
        var widths = config.ChannelMultipliers.Select(m => m * config.BaseChannels).ToArray();

        // Encoder: conv_in, then per level its blocks and (but the last) a stride-2 downsampling; GN, SiLU, conv to 2·z channels.
        var enc = new List<(string, nn.Module<Tensor, Tensor>)> { ("conv_in", new Conv2d(config.InChannels, widths[0], 3, padding: 1)) };
        int current = widths[0];
        for (int level = 0; level < widths.Length; level++)
        {
            for (int i = 0; i < config.BlocksPerLevel; i++)
            {
                enc.Add(($"block{level}_{i}", new AutoencoderBlock(current, widths[level], groups)));
                current = widths[level];
            }
            if (level < widths.Length - 1)
                enc.Add(($"down{level}", new Downsample(current)));
        }
        enc.Add(("mid", new AutoencoderBlock(current, current, groups)));
        enc.Add(("norm_out", Norms.GroupNorm(Norms.Groups(current, groups), current)));
        enc.Add(("act_out", nn.SiLU()));
        enc.Add(("conv_out", new Conv2d(current, 2 * config.LatentChannels, 3, padding: 1)));
        encoder = nn.Sequential(enc);

        // Decoder: the mirror image, one block more per level.
        var dec = new List<(string, nn.Module<Tensor, Tensor>)> { ("conv_in", new Conv2d(config.LatentChannels, current, 3, padding: 1)) };
        dec.Add(("mid", new AutoencoderBlock(current, current, groups)));
        for (int level = widths.Length - 1; level >= 0; level--)
        {
            for (int i = 0; i <= config.BlocksPerLevel; i++)
            {
                dec.Add(($"block{level}_{i}", new AutoencoderBlock(current, widths[level], groups)));
                current = widths[level];
            }
            if (level > 0)
                dec.Add(($"up{level}", new Upsample(current)));
        }
        dec.Add(("norm_out", Norms.GroupNorm(Norms.Groups(current, groups), current)));
        dec.Add(("act_out", nn.SiLU()));
        dec.Add(("conv_out", new Conv2d(current, config.InChannels, 3, padding: 1)));
        decoder = nn.Sequential(dec);
        RegisterComponents();
    }

    public AutoencoderConfig Config { get; }

    /// <summary>q(z|x): the mean and log-variance, each (B, z, h, w), of images (B, C, H, W) in [−1, 1].</summary>
    public (Tensor Mean, Tensor LogVariance) Encode(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var moments = encoder.call(x).chunk(2, 1);
        var logVariance = moments[1].Clamp(-30.0, 20.0);
        return (moments[0].MoveToOuterDisposeScope(), logVariance.MoveToOuterDisposeScope());
    }

    /// <summary>Images (B, C, H, W), about [−1, 1], from latents (B, z, h, w).</summary>
    public Tensor Decode(Tensor z) => decoder.call(z);

    /// <summary>z = μ + σ ε, ε ~ N(0, I) from <paramref name="generator"/> (the reparameterisation trick).</summary>
    public static Tensor Sample(Tensor mean, Tensor logVariance, Generator? generator)
    {
        using var scope = torch.NewDisposeScope();
        var noise = torch.randn(mean.shape, generator: generator).to(mean.device);
        return mean.Plus(logVariance.Mul(0.5).exp() * noise).MoveToOuterDisposeScope();
    }

    /// <summary>The reconstruction of x through the latents' means (what img2img and `autoencode` use).</summary>
    public override Tensor forward(Tensor x)
    {
        var (mean, logVariance) = Encode(x);
        using (mean)
        using (logVariance)
            return Decode(mean);
    }
}
