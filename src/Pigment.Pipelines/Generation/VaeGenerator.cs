using Pigment.Core.Imaging;

namespace Pigment.Pipelines.Generation;

/// <summary>A VAE through the request API: the decoder's mean for z_i drawn (with seed + i) from the fitted prior or
/// N(0, I), at a temperature.</summary>
public sealed class VaeGenerator(string name, VaePipeline pipeline)
    : GeneratorBase(name, Models.Vae.VaeObjective.FamilyName, [], pipeline.Vae.Config.InChannels, pipeline.Vae.Config.ImageSize)
{
    protected override bool TakesTemperature => true;

    protected override bool TakesPrior => true;

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
