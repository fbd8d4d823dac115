using Pigment.Core.Imaging;

namespace Pigment.Pipelines.Generation;

/// <summary>A VAE through the request API: the decoder's mean for z_i drawn (with seed + i) from the fitted prior or
/// N(0, I), at a temperature.</summary>
public sealed class VaeGenerator(string name, VaePipeline pipeline)
    : GeneratorBase(name, Models.Vae.VaeObjective.FamilyName, [], pipeline.Vae.Config.InChannels, pipeline.Vae.Config.ImageSize), ILikelihoodModel
{
    /// <summary>Importance samples K of the IWAE bound when the settings name none.</summary>
    public const int ImportanceSamples = 1000;

    protected override bool TakesTemperature => true;

    protected override bool TakesPrior => true;

    public override string Dataset => pipeline.Vae.Config.Dataset;

    public override GenerationMethod Describe(GenerationRequest request)
    {
        double t = request.Temperature ?? 1.0;
        bool fitted = request.FittedPrior ?? true;
        long prior = fitted ? pipeline.Prior?.ParameterCount ?? 0 : 0;
        return new($"decoder mean of z ~ {pipeline.DescribePrior(fitted)}" + (t == 1 ? "" : $", temperature {Format(t)}"), Count(pipeline.Vae) + prior, "1");
    }

    public TestLikelihood TestNll(GenerationRequest request, int? limit, long seed, Action<double>? progress = null, LikelihoodSettings? settings = null)
    {
        int images = 0, k = settings?.ImportanceSamples ?? ImportanceSamples;
        bool fitted = request.FittedPrior ?? true;
        double nll = pipeline.TestNll(k, limit, seed, (done, total) => { images = total; progress?.Invoke(done / (double)total); }, fitted);
        var c = pipeline.Vae.Config;
        return new TestLikelihood(nll, c.ImageSize * c.ImageSize * c.InChannels, c.Likelihood == Models.Vae.VaeLikelihood.Bernoulli ? "binarized" : "[0, 1] gray",
            $"IWAE bound with K = {k}, prior {pipeline.DescribePrior(fitted)}", images);
    }

    protected override GenerationResult GenerateValidated(GenerationRequest request, Action<GenerationProgress>? progress, CancellationToken cancel)
    {
        double t = request.Temperature ?? 1.0;
        bool fitted = request.FittedPrior ?? true;
        var images = pipeline.Sample(request.Count, request.Seed, t, fitted);
        progress?.Invoke(new GenerationProgress(1, null));
        var sampler = $"VAE decoder mean, prior {pipeline.DescribePrior(fitted)}" + (t == 1 ? "" : $", temperature {Format(t)}");
        return new GenerationResult(images, PerImage(request, null, new GenerationParameters { Sampler = sampler }));
    }

    public override void Dispose() => pipeline.Dispose();
}
