using Pigment.Core;
using Pigment.Models.Diffusion;
using Pigment.Models.Flow;
using Pigment.Models.Gan;
using Pigment.Models.PixelCnn;
using Pigment.Models.Vae;
using Pigment.Samplers;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Pipelines;

/// <summary>How to draw from a diffusion model when it is used as a plain generator.</summary>
public sealed record DiffusionDrawing(string Sampler = "dpm++2m", int Steps = 20, bool Karras = false, double Guidance = 1.0, bool ClipDenoised = true);

/// <summary>Opens any trained model as an <see cref="IGenerativeModel"/>, by the family its config names.</summary>
public static class GenerativeModels
{
    /// <summary>
    /// Opens "NAME", or "NAME@HOW" to choose how it is drawn from: a diffusion model's sampler and steps
    /// (ddpm-mnist@ddpm:1000), a VAE's, flow's or PixelCNN's temperature (vae-mnist@0.8); a VAE with a fitted prior
    /// drawn from N(0, I) instead (vae-mnist@normal, vae-mnist@normal:0.8).
    /// </summary>
    public static IGenerativeModel Open(string spec)
    {
        var at = spec.LastIndexOf('@');
        if (at < 0)
            return Open(ModelStore.Resolve(spec));
        var location = ModelStore.Resolve(spec[..at]);
        var how = spec[(at + 1)..];
        var parts = how.Split(':');
        if (location.Family == DiffusionObjective.FamilyName && parts.Length == 2 && int.TryParse(parts[1], out var steps) && steps >= 1)
        {
            SamplerCatalog.Create(parts[0]);
            return Open(location, new DiffusionDrawing(parts[0], steps));
        }
        if (location.Family == VaeObjective.FamilyName && parts[0] == "normal" && parts.Length <= 2)
        {
            double t = 1.0;
            if (parts.Length == 1 || (double.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out t) && t > 0))
                return Open(location, temperature: t, fittedPrior: false);
        }
        if (location.Family != DiffusionObjective.FamilyName && double.TryParse(how, System.Globalization.CultureInfo.InvariantCulture, out var temperature) && temperature > 0)
            return Open(location, temperature: temperature);
        throw new PigmentException($"'{spec}': after @ give a diffusion model SAMPLER:STEPS (ddpm-mnist@ddpm:1000), a VAE or flow a temperature (vae-mnist@0.8), a VAE 'normal' for N(0, I) (vae-mnist@normal:0.8).");
    }

    /// <param name="temperature">A VAE's or flow's latent temperature (default: 1 for a VAE, <see cref="FlowPipeline.DefaultTemperature"/> for a
    /// flow); a PixelCNN's logit temperature (default 1, exact samples).</param>
    /// <param name="fittedPrior">A VAE: draw from its folder's fitted prior when it has one (false: N(0, I)).</param>
    public static IGenerativeModel Open(ModelStore.ModelLocation location, DiffusionDrawing? diffusion = null, double? temperature = null, bool fittedPrior = true) => location.Family switch
    {
        DiffusionObjective.FamilyName => new Diffusion(location.Name, DiffusionPipeline.Load(location, Devices.Parse("auto")), diffusion ?? new DiffusionDrawing()),
        VaeObjective.FamilyName => new Vae(location.Name, VaePipeline.Load(location, fittedPrior), temperature ?? 1.0),
        PixelCnnObjective.FamilyName => new PixelCnn(location.Name, PixelCnnPipeline.Load(location, Devices.Parse("auto")), temperature ?? 1.0),
        FlowObjective.FamilyName => new Flow(location.Name, FlowPipeline.Load(location), temperature ?? FlowPipeline.DefaultTemperature),
        GanObjective.FamilyName => new Gan(location.Name, GanPipeline.Load(location)),
        _ => throw new PigmentException($"Model '{location.Name}' is a '{location.Family}' model, which cannot be evaluated as a generator."),
    };

    private static long Count(nn.Module module) => module.parameters().Sum(p => p.numel());

    private sealed class Diffusion(string name, DiffusionPipeline pipeline, DiffusionDrawing drawing) : IGenerativeModel, IStepwiseGenerator
    {
        private readonly ISampler _sampler = SamplerCatalog.Create(drawing.Sampler);
        private readonly SamplerOptions _options = new() { Steps = drawing.Steps, Karras = drawing.Karras, ClipDenoised = drawing.ClipDenoised };

        public string Name => name;
        public string Family => DiffusionObjective.FamilyName;
        public string Method => $"{SamplerCatalog.DisplayName(_sampler, _options)}, {drawing.Steps} steps" + (NumClasses > 0 ? $", guidance {drawing.Guidance:0.##}" : "");
        public string Dataset => pipeline.Config.Dataset;
        public long Parameters => Count(pipeline.Model);
        public int NumClasses => pipeline.Config.Unet.NumClasses;
        public string PassesPerImage => $"{drawing.Steps} (sampler steps{(NumClasses > 0 && drawing.Guidance != 1 ? "; ×2 with guidance" : "")}; T = {pipeline.Schedule.TrainingSteps})";

        public Tensor Generate(int count, long seed, Action<double>? progress = null)
        {
            double total = Math.Ceiling(count / 100.0) * drawing.Steps;
            return pipeline.Generate(count, _sampler, _options, drawing.Guidance, ClassLabels.Cycle(count, NumClasses), seed, k => progress?.Invoke(k / total));
        }

        public TestLikelihood? TestNll(int? limit, long seed, Action<double>? progress = null, LikelihoodSettings? settings = null) => null;

        public void Dispose() => pipeline.Dispose();
    }

    private sealed class Vae(string name, VaePipeline pipeline, double temperature) : IGenerativeModel
    {
        public const int ImportanceSamples = 1000;

        public string Name => name;
        public string Family => VaeObjective.FamilyName;
        public string Method => $"decoder mean of z ~ {pipeline.PriorDescription}" + (temperature == 1 ? "" : $", temperature {temperature:0.##}");
        public string Dataset => pipeline.Vae.Config.Dataset;
        public long Parameters => Count(pipeline.Vae) + (pipeline.Prior?.ParameterCount ?? 0);
        public int NumClasses => 0;

        public Tensor Generate(int count, long seed, Action<double>? progress = null)
        {
            using var unit = pipeline.Sample(count, seed, temperature);
            progress?.Invoke(1);
            return unit.Mul(2).Sub(1);
        }

        public TestLikelihood? TestNll(int? limit, long seed, Action<double>? progress = null, LikelihoodSettings? settings = null)
        {
            int images = 0, k = settings?.ImportanceSamples ?? ImportanceSamples;
            double nll = pipeline.TestNll(k, limit, seed, (done, total) => { images = total; progress?.Invoke(done / (double)total); });
            var c = pipeline.Vae.Config;
            return new TestLikelihood(nll, c.ImageSize * c.ImageSize * c.InChannels, c.Likelihood == VaeLikelihood.Bernoulli ? "binarized" : "[0, 1] gray",
                $"IWAE bound with K = {k}, prior {pipeline.PriorDescription}", images);
        }

        public void Dispose() => pipeline.Dispose();
    }

    private sealed class Gan(string name, GanPipeline pipeline) : IGenerativeModel
    {
        public string Name => name;
        public string Family => GanObjective.FamilyName;
        public string Method => "one generator pass";
        public string Dataset => pipeline.Config.Dataset;
        public long Parameters => Count(pipeline.Generator);
        public int NumClasses => pipeline.Config.NumClasses;

        public Tensor Generate(int count, long seed, Action<double>? progress = null)
        {
            var images = pipeline.Generate(count, ClassLabels.Cycle(count, NumClasses), seed);
            progress?.Invoke(1);
            return images;
        }

        public TestLikelihood? TestNll(int? limit, long seed, Action<double>? progress = null, LikelihoodSettings? settings = null) => null;

        public void Dispose() => pipeline.Dispose();
    }

    private sealed class Flow(string name, FlowPipeline pipeline, double temperature) : IGenerativeModel
    {
        /// <summary>Dequantization draws averaged for the test NLL (as on the model card).</summary>
        public const int Draws = 3;

        public string Name => name;
        public string Family => FlowObjective.FamilyName;
        public string Method => $"inverse flow, temperature {temperature:0.##}";
        public string Dataset => pipeline.Config.Dataset;
        public long Parameters => pipeline.ParameterCount;
        public int NumClasses => pipeline.Config.NumClasses;

        public Tensor Generate(int count, long seed, Action<double>? progress = null)
        {
            using var unit = pipeline.Sample(count, seed, temperature, pipeline.DefaultLabels(count), done => progress?.Invoke(done / (double)count));
            return unit.Mul(2).Sub(1);
        }

        public TestLikelihood? TestNll(int? limit, long seed, Action<double>? progress = null, LikelihoodSettings? settings = null)
        {
            int images = 0, draws = settings?.Draws ?? Draws;
            var (_, nats) = pipeline.TestNll(draws, limit, seed, (done, total) => { images = total / draws; progress?.Invoke(done / (double)total); });
            return new TestLikelihood(nats, pipeline.Flow.Dimensions, "dequantized 8-bit",
                $"exact, {draws} dequantization draw{(draws == 1 ? "" : "s")}{(pipeline.Flow.IsConditional ? ", marginal over the classes" : "")}", images);
        }

        public void Dispose() => pipeline.Dispose();
    }

    private sealed class PixelCnn(string name, PixelCnnPipeline pipeline, double temperature) : IGenerativeModel, IStepwiseGenerator
    {
        public string Name => name;
        public string Family => PixelCnnObjective.FamilyName;
        public string Method => "raster order, one pixel per pass" + (temperature == 1 ? "" : $", temperature {temperature:0.##}");
        public string Dataset => pipeline.Config.Dataset;
        public long Parameters => pipeline.ParameterCount;
        public int NumClasses => pipeline.Network.Conditional ? pipeline.Config.NumClasses : 0;
        public string PassesPerImage => $"{pipeline.Config.ImageSize * pipeline.Config.ImageSize} (one per pixel)";

        public Tensor Generate(int count, long seed, Action<double>? progress = null)
        {
            double total = Math.Ceiling(count / 100.0) * pipeline.Config.ImageSize * pipeline.Config.ImageSize;
            using var unit = pipeline.Generate(count, ClassLabels.Cycle(count, NumClasses), seed, k => progress?.Invoke(k / total), temperature);
            return unit.Mul(2).Sub(1);
        }

        /// <summary>−log p(x), marginal over the classes for a conditional model (comparable with unconditional ones).</summary>
        public TestLikelihood? TestNll(int? limit, long seed, Action<double>? progress = null, LikelihoodSettings? settings = null)
        {
            var nll = pipeline.TestNll(limit, seed, (done, total) => progress?.Invoke(done / (double)total));
            string data = pipeline.Config.Output == PixelCnnOutput.Bernoulli ? "binarized" : "8-bit";
            return nll.MarginalNats is { } marginal
                ? new TestLikelihood(marginal, (int)nll.Dimensions, data, $"exact, marginal over {pipeline.Config.NumClasses} classes", nll.Images) { ConditionalNatsPerImage = nll.Nats }
                : new TestLikelihood(nll.Nats, (int)nll.Dimensions, data, "exact", nll.Images);
        }

        public void Dispose() => pipeline.Dispose();
    }
}
