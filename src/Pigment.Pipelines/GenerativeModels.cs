using System.Globalization;
using Pigment.Core;
using Pigment.Pipelines.Generation;
using Pigment.Samplers;
using static TorchSharp.torch;

namespace Pigment.Pipelines;

/// <summary>How to draw from a diffusion model when it is used as a plain generator.</summary>
public sealed record DiffusionDrawing(string Sampler = "dpm++2m", int Steps = 20, bool Karras = false, double Guidance = 1.0, bool ClipDenoised = true,
    InferenceBackend Backend = InferenceBackend.Torch);

/// <summary>
/// Opens any trained model as an <see cref="IGenerativeModel"/>: the family's <see cref="IImageGenerator"/> (from the
/// one table, <see cref="Generators"/>) with a fixed <see cref="GenerationRequest"/>. No family is named here; what a
/// family cannot take is refused by its generator's own checks when the model is opened.
/// </summary>
public static class GenerativeModels
{
    /// <summary>
    /// Opens "NAME", or "NAME@HOW" to choose how it is drawn from: a diffusion model's sampler and steps
    /// (ddpm-mnist@ddpm:1000), a VAE's, flow's or PixelCNN's temperature (vae-mnist@0.8); a VAE with a fitted prior
    /// drawn from N(0, I) instead (vae-mnist@normal, vae-mnist@normal:0.8); a GAN's truncation (stylegan-emoji@truncation:0.7).
    /// </summary>
    public static IGenerativeModel Open(string spec)
    {
        var at = spec.LastIndexOf('@');
        if (at < 0)
            return Open(ModelStore.Resolve(spec));
        var location = ModelStore.Resolve(spec[..at]);
        var how = spec[(at + 1)..];
        var parts = how.Split(':');
        if (parts is ["truncation", var value] && double.TryParse(value, CultureInfo.InvariantCulture, out var truncation) && truncation >= 0)
            return Open(location, truncation: truncation);
        if (parts.Length == 2 && parts[0] != "normal" && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var steps) && steps >= 1)
            return Open(location, new DiffusionDrawing(parts[0], steps));
        if (parts[0] == "normal" && parts.Length <= 2)
        {
            if (parts.Length == 1)
                return Open(location, fittedPrior: false);
            if (double.TryParse(parts[1], CultureInfo.InvariantCulture, out var t) && t > 0)
                return Open(location, temperature: t, fittedPrior: false);
        }
        if (parts.Length == 1 && double.TryParse(how, CultureInfo.InvariantCulture, out var temperature) && temperature > 0)
            return Open(location, temperature: temperature);
        throw new PigmentException($"'{spec}': after @ give a diffusion model SAMPLER:STEPS (ddpm-mnist@ddpm:1000), a VAE or flow a temperature (vae-mnist@0.8), a VAE 'normal' for N(0, I) (vae-mnist@normal:0.8), a StyleGAN or BigGAN its truncation (stylegan-emoji@truncation:0.7).");
    }

    /// <param name="diffusion">A diffusion model's sampler, steps and guidance (refused by other families).</param>
    /// <param name="temperature">A VAE's or flow's latent temperature, a PixelCNN's logit temperature (null: the family's default).</param>
    /// <param name="fittedPrior">A VAE: draw from its folder's fitted prior when it has one (false: N(0, I); refused by other families).</param>
    /// <param name="truncation">A StyleGAN's ψ or a BigGAN's threshold (refused by other families).</param>
    public static IGenerativeModel Open(ModelStore.ModelLocation location, DiffusionDrawing? diffusion = null, double? temperature = null, bool fittedPrior = true,
        double? truncation = null)
    {
        var generator = Generators.Open(location);
        try
        {
            var request = new GenerationRequest
            {
                Sampler = diffusion?.Sampler,
                SamplerOptions = diffusion is null ? null : new SamplerOptions { Steps = diffusion.Steps, Karras = diffusion.Karras, ClipDenoised = diffusion.ClipDenoised },
                Guidance = generator.Abilities.Sampler ? diffusion?.Guidance ?? 1.0 : null,
                Temperature = temperature,
                FittedPrior = fittedPrior ? null : false,
                Backend = diffusion?.Backend,
                Truncation = truncation,
            };
            generator.Validate(request);
            return new FixedRequestModel(generator, request);
        }
        catch
        {
            generator.Dispose();
            throw;
        }
    }

    /// <summary>A generator with its request fixed: the one adapter every family goes through.</summary>
    private sealed class FixedRequestModel(IImageGenerator generator, GenerationRequest request) : IGenerativeModel
    {
        private readonly GenerationMethod _method = generator.Describe(request);

        public string Name => generator.Name;
        public string Family => generator.Family;
        public string Method => _method.Method;
        public string PassesPerImage => _method.PassesPerImage;
        public string Dataset => generator.Dataset;
        public long Parameters => _method.Parameters;
        public int NumClasses => generator.ClassNames.Count;

        public Tensor Generate(int count, long seed, Action<double>? progress = null)
        {
            using var result = generator.Generate(request with { Count = count, Seed = seed }, p => progress?.Invoke(p.Fraction));
            return result.Images.Mul(2).Sub(1);                                  // [0, 1] → [−1, 1]
        }

        public TestLikelihood? TestNll(int? limit, long seed, Action<double>? progress = null, LikelihoodSettings? settings = null) =>
            (generator as ILikelihoodModel)?.TestNll(request, limit, seed, progress, settings);

        public void Dispose() => generator.Dispose();
    }
}
