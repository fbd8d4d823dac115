using Pigment.Samplers;
using static TorchSharp.torch;

namespace Pigment.Pipelines.Generation;

/// <summary>
/// What to make, for any model: how many images and from which seed (image i uses seed + i, always), the condition
/// (a prompt: a class name for a class-conditional model, free text for a text-to-image one), its negative, guidance, sampler settings for
/// a diffusion model, an optional starting image with a strength (img2img) and mask (inpainting), and the
/// family-specific knobs. A model that cannot honour part of it says so before any work
/// (<see cref="IImageGenerator.Validate"/>).
/// </summary>
public sealed record GenerationRequest
{
    /// <summary>Images to make.</summary>
    public int Count { get; init; } = 1;

    /// <summary>Image i is drawn from seed + i: one image can be reproduced alone from its own seed.</summary>
    public long Seed { get; init; }

    /// <summary>What to draw: a class name for a class-conditional model (null: cycle through the classes, image i
    /// taking class i mod K), or the text of a text-to-image model.</summary>
    public string? Prompt { get; init; }

    /// <summary>What to steer away from, in place of the unconditional prediction in guidance (a class name here).</summary>
    public string? NegativePrompt { get; init; }

    /// <summary>Classifier-free guidance scale g (1 = none; null: the model's default, 3 for a conditional diffusion model).</summary>
    public double? Guidance { get; init; }

    /// <summary>Guidance rescale φ ∈ [0, 1] (Lin et al. 2023) for a text-to-image model (null: 0, none).</summary>
    public double? GuidanceRescale { get; init; }

    /// <summary>Inpainting with a text-to-image model: the mask's Gaussian blur σ in pixels (null: 2; 0 = hard edge).</summary>
    public double? MaskBlur { get; init; }

    /// <summary>A diffusion model's sampler, by name (see <see cref="SamplerCatalog"/>; null: DPM++ 2M).</summary>
    public string? Sampler { get; init; }

    /// <summary>A diffusion model's sampler settings (steps, Karras levels, η, clipping; null: 20 steps, uniform levels).</summary>
    public SamplerOptions? SamplerOptions { get; init; }

    /// <summary>A starting image, (C, H, W) or (1, C, H, W) in [0, 1], for img2img and inpainting.</summary>
    public Tensor? InitImage { get; init; }

    /// <summary>How far from <see cref="InitImage"/> to go: 0 returns it unchanged, 1 ignores it.</summary>
    public double Strength { get; init; } = 0.75;

    /// <summary>Inpainting: (1, H, W) or (H, W) in [0, 1], 1 where to paint anew, 0 where to keep the starting image.</summary>
    public Tensor? Mask { get; init; }

    /// <summary>A VAE's or flow's latent temperature, a PixelCNN's logit temperature (null: the model's default).</summary>
    public double? Temperature { get; init; }

    /// <summary>The truncation trick: a StyleGAN's ψ in w′ = w̄ + ψ(w − w̄); a BigGAN's threshold on |z| (null: none).</summary>
    public double? Truncation { get; init; }

    /// <summary>A VAE: draw from its fitted prior when it has one (null: the default, which is the fitted prior).</summary>
    public bool? FittedPrior { get; init; }

    /// <summary>The engine that runs a diffusion model's network (null: TorchSharp).</summary>
    public InferenceBackend? Backend { get; init; }

    /// <summary>Checks what every model checks: count, strength, guidance.</summary>
    public void ValidateCommon()
    {
        if (Count < 1)
            throw new Core.PigmentException($"count must be at least 1, not {Count}.");
        if (!(Strength >= 0 && Strength <= 1))
            throw new Core.PigmentException($"strength must be from 0 to 1, not {Strength}.");
        if (Guidance is { } g && !(g >= 0))
            throw new Core.PigmentException($"guidance must be 0 or more, not {g}.");
        if (Temperature is { } t && !(t > 0))
            throw new Core.PigmentException($"temperature must be above 0, not {t}.");
        if (Truncation is { } psi && !(psi >= 0 && psi <= 4))
            throw new Core.PigmentException($"truncation must be from 0 to 4, not {psi}.");
        if (GuidanceRescale is { } phi && !(phi >= 0 && phi <= 1))
            throw new Core.PigmentException($"guidance rescale must be from 0 to 1, not {phi}.");
        if (MaskBlur is { } blur && !(blur >= 0 && blur <= 64))
            throw new Core.PigmentException($"mask blur must be from 0 to 64 pixels, not {blur}.");
        if (MaskBlur is not null && Mask is null)
            throw new Core.PigmentException("--mask-blur needs a --mask.");
        if (Mask is not null && InitImage is null)
            throw new Core.PigmentException("A mask needs a starting image to keep the unmasked part of.");
    }
}
