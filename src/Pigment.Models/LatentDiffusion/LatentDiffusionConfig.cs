using Pigment.Core.Diffusion;
using Pigment.Models.Diffusion;

namespace Pigment.Models.LatentDiffusion;

/// <summary>
/// Everything the denoiser of a text-to-image model needs beside its weights: its shape, the forward process,
/// what it predicts, the latent scaling factor, and how often training dropped the caption. Saved as the unet part's
/// config.json.
/// </summary>
public sealed record LatentDiffusionConfig
{
    public string Family { get; init; } = LatentDiffusionObjective.FamilyName;

    public CrossAttentionUNetConfig Unet { get; init; } = new();

    public NoiseScheduleConfig Schedule { get; init; } = new();

    public PredictionType Prediction { get; init; } = PredictionType.Velocity;

    /// <summary>
    /// Latents are multiplied by this before diffusion and divided by it before decoding, so that they have unit
    /// variance: 1 / std of the autoencoder's latents over training scenes, measured when denoiser training starts
    /// (SD's 0.18215 was measured the same way on its data).
    /// </summary>
    public double LatentScale { get; init; } = 1;

    /// <summary>
    /// Cross-attention reads each token's frozen embedding beside its contextual state (the UNet's context is then twice
    /// the text width): the text encoder's states alone barely tell a circle from a square, its embeddings do.
    /// </summary>
    public bool WordEmbeddings { get; init; }

    /// <summary>The context width the UNet's cross-attention reads from a text encoder of <paramref name="textWidth"/> features.</summary>
    public static int ContextDim(int textWidth, bool wordEmbeddings) => wordEmbeddings ? 2 * textWidth : textWidth;

    /// <summary>
    /// Min-SNR-γ loss weighting (Hang et al. 2023) when set: each sample's loss is weighted so that its implied
    /// x₀ error counts min(SNR_t, γ) times (for v-prediction w = min(SNR, γ) / (SNR + 1), for ε w = min(SNR, γ) / SNR),
    /// so the nearly clean steps, whose error is mostly the latents' own fine grain, no longer dominate the gradient.
    /// Null: the plain mean squared error (every step weighted alike in the prediction's own units). The paper uses γ = 5.
    /// </summary>
    public double? MinSnrGamma { get; init; }

    /// <summary>Probability of training on the empty prompt instead of the caption (for classifier-free guidance).</summary>
    public double CaptionDropout { get; init; } = 0.1;

    public string Dataset { get; init; } = "";
}
