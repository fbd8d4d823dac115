using Pigment.Core;
using Pigment.Pipelines.Generation;
using Pigment.Samplers;

namespace Pigment.Web.Jobs;

/// <summary>
/// A <see cref="JobSpec"/> turned into the generation core's request for one model, checked against the server's
/// limits and the model's own checks, so that every refusal is a 400 before the job is queued.
/// </summary>
public static class JobRequests
{
    public const string DefaultSampler = "dpm++2m";

    public const int DefaultSteps = 20;

    public static GenerationRequest Create(JobSpec spec, IImageGenerator generator, ServerOptions limits)
    {
        if (spec.Count < 1 || spec.Count > limits.MaxCount)
            throw new PigmentException($"count must be from 1 to {limits.MaxCount} on this server, not {spec.Count}.");
        if (spec.Steps is { } steps && (steps < 1 || steps > limits.MaxSteps))
            throw new PigmentException($"steps must be from 1 to {limits.MaxSteps} on this server, not {steps}.");
        var abilities = generator.Abilities;
        string? prompt = abilities.Text ? spec.Prompt ?? "" : string.IsNullOrWhiteSpace(spec.Prompt) ? null : spec.Prompt.Trim();
        bool sampled = abilities.Sampler || spec.Sampler is not null || spec.Steps is not null || spec.Karras is not null;
        var request = new GenerationRequest
        {
            Count = spec.Count,
            Seed = spec.Seed is { } seed and >= 0 ? seed : Seeds.Resolve(null),
            Prompt = prompt,
            NegativePrompt = string.IsNullOrWhiteSpace(spec.NegativePrompt) ? null : spec.NegativePrompt,
            Guidance = spec.Guidance,
            GuidanceRescale = spec.GuidanceRescale,
            Sampler = sampled ? spec.Sampler ?? DefaultSampler : null,
            SamplerOptions = sampled ? new SamplerOptions { Steps = spec.Steps ?? DefaultSteps, Karras = spec.Karras ?? false } : null,
            Strength = spec.Strength ?? 0.75,
            MaskBlur = spec.Mask is null ? null : spec.MaskBlur,
            Temperature = spec.Temperature,
        };
        if (spec.Mask is not null && spec.InitImage is null)
            throw new PigmentException("mask needs an init_image: inpainting keeps the unmasked part of it.");
        if (request.Sampler is { } name && !SamplerCatalog.Names.Contains(name, StringComparer.OrdinalIgnoreCase))
            throw new PigmentException($"Unknown sampler '{name}': use {string.Join(", ", SamplerCatalog.Names)}.");
        if (spec.InitImage is not null)
            request = request with { InitImage = RequestImages.InitImage(Uploads.Image(spec.InitImage, "init_image", limits.MaxUploadPixels), generator) };
        try
        {
            if (spec.Mask is not null)
                request = request with { Mask = RequestImages.Mask(Uploads.Image(spec.Mask, "mask", limits.MaxUploadPixels), generator) };
            generator.Validate(request);
            return request;
        }
        catch
        {
            Release(request);
            throw;
        }
    }

    /// <summary>Frees the request's image tensors.</summary>
    public static void Release(GenerationRequest request)
    {
        request.InitImage?.Dispose();
        request.Mask?.Dispose();
    }

    /// <summary>Steps to show progress in: the sampler's for a diffusion model, one for a model drawn in one pass.</summary>
    public static int ProgressSteps(GenerationRequest request) => request.SamplerOptions?.Steps ?? 1;
}
