using Pigment.Core;

namespace Pigment.Pipelines;

/// <summary>A named training recipe: the family's train command with the arguments that trained a shipped model.</summary>
/// <param name="Arguments">What follows <c>pigment train</c>: the family, then its options.</param>
public sealed record TrainingPreset(string Name, string Description, IReadOnlyList<string> Arguments)
{
    public string Command => "pigment train " + string.Join(" ", Arguments);
}

/// <summary>
/// The recipes of the shipped models, as their model cards record them; <c>pigment train --preset NAME</c> runs one,
/// and any option given after it replaces the preset's value (<c>--steps 200 --out runs/try</c>).
/// </summary>
public static class TrainingPresets
{
    public static IReadOnlyList<TrainingPreset> All { get; } =
    [
        new("ddpm-mnist", "class-conditional v-prediction pixel diffusion (models/ddpm-mnist)",
            ["ddpm", "--dataset", "mnist", "--conditional", "--prediction", "velocity", "--steps", "10000", "--batch", "64", "--lr", "5e-4", "--seed", "0", "--out", "runs/ddpm-mnist"]),
        new("vae-mnist", "convolutional VAE of binarized digits (models/vae-mnist)",
            ["vae", "--dataset", "mnist", "--steps", "6000", "--out", "runs/vae-mnist"]),
        new("gan-mnist", "class-conditional DCGAN with spectral norm (models/gan-mnist)",
            ["gan", "--dataset", "mnist", "--conditional", "--spectral-norm", "--steps", "6000", "--out", "runs/gan-mnist"]),
        new("flow-mnist", "class-conditional Glow-style flow (models/flow-mnist)",
            ["flow", "--dataset", "mnist", "--conditional", "--steps", "3600", "--batch", "64", "--lr", "1e-3", "--seed", "0", "--out", "runs/flow-mnist"]),
        new("pixelcnn-mnist", "class-conditional 12-layer Gated PixelCNN (models/pixelcnn-mnist)",
            ["pixelcnn", "--dataset", "mnist", "--conditional", "--channels", "32", "--layers", "12", "--batch", "64", "--lr", "2e-3", "--ema", "0.999",
             "--steps", "3200", "--sample-every", "0", "--checkpoint-every", "200", "--seed", "0", "--out", "runs/pixelcnn-mnist"]),
        new("classifier-mnist", "the evaluation classifier (models/classifier-mnist)",
            ["classifier", "--dataset", "mnist", "--out", "runs/classifier-mnist"]),
        new("sd-shapes-autoencoder", "text-to-image part 1: the KL autoencoder, 64×64×3 → 16×16×4 (models/sd-shapes/autoencoder)",
            ["autoencoder", "--dataset", "shapes:sd", "--width", "16", "--levels", "3", "--steps", "2000", "--batch", "32", "--seed", "0", "--out", "runs/sd-shapes-autoencoder"]),
        new("sd-shapes-clip", "text-to-image part 2: the small CLIP whose text tower is frozen as the text encoder (models/sd-shapes/text_encoder)",
            ["clip", "--dataset", "shapes:sd", "--steps", "1200", "--batch", "128", "--seed", "0", "--out", "runs/sd-shapes-clip"]),
        new("sd-shapes-unet", "text-to-image part 3: the cross-attention UNet on the latents, after parts 1 and 2 (models/sd-shapes/unet)",
            ["ldm", "--dataset", "shapes:sd", "--autoencoder", "runs/sd-shapes-autoencoder", "--text-encoder", "runs/sd-shapes-clip", "--width", "32",
             "--multipliers", "1,2,4", "--res-blocks", "2", "--steps", "8000", "--batch", "64", "--lr", "5e-4", "--seed", "0", "--out", "runs/sd-shapes-unet"]),
        new("sd-shapes-unet-words", "text-to-image part 3, continued: the shipped UNet fine-tuned to read each word's embedding beside its state (zero-initialised, so it starts as the shipped one)",
            ["ldm", "--dataset", "shapes:sd", "--autoencoder", "models/sd-shapes/autoencoder", "--text-encoder", "models/sd-shapes/text_encoder",
             "--init-from", "models/sd-shapes/unet", "--word-embeddings", "--steps", "3000", "--batch", "64", "--lr", "2e-4", "--seed", "1", "--out", "runs/sd-shapes-unet-words"]),
        new("sd-shapes-unet-snr", "text-to-image part 3, continued: the 8,000-step UNet of sd-shapes-unet fine-tuned with Min-SNR-5 loss weighting and reading each word's embedding beside its state",
            ["ldm", "--dataset", "shapes:sd", "--autoencoder", "runs/sd-shapes-autoencoder", "--text-encoder", "runs/sd-shapes-clip",
             "--init-from", "runs/sd-shapes-unet", "--word-embeddings", "--snr-gamma", "5", "--steps", "2000", "--batch", "64", "--lr", "2e-4", "--seed", "2", "--out", "runs/sd-shapes-unet-snr"]),
    ];

    public static TrainingPreset Find(string name) =>
        All.FirstOrDefault(p => p.Name == name)
        ?? throw new PigmentException($"Unknown preset '{name}': use {string.Join(", ", All.Select(p => p.Name))}.");

    /// <summary>
    /// The preset's arguments with <paramref name="overrides"/> applied: an option in the overrides drops the preset's
    /// own value of it (an option's value is the token after it unless that starts with "--"), then the overrides follow.
    /// </summary>
    public static string[] Expand(TrainingPreset preset, IReadOnlyList<string> overrides)
    {
        var given = overrides.Where(a => a.StartsWith("--", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        var kept = new List<string> { preset.Arguments[0] };
        for (int i = 1; i < preset.Arguments.Count; i++)
        {
            var token = preset.Arguments[i];
            bool hasValue = i + 1 < preset.Arguments.Count && !preset.Arguments[i + 1].StartsWith("--", StringComparison.Ordinal);
            if (given.Contains(token))
            {
                if (hasValue)
                    i++;
                continue;
            }
            kept.Add(token);
            if (hasValue)
                kept.Add(preset.Arguments[++i]);
        }
        return [.. kept, .. overrides];
    }
}
