using Pigment.Core.Imaging;

namespace Pigment.Pipelines.Generation;

/// <summary>A normalizing flow through the request API: x_i = f⁻¹(z_i), z_i drawn with seed + i at a temperature.</summary>
public sealed class FlowGenerator(string name, FlowPipeline pipeline)
    : GeneratorBase(name, Models.Flow.FlowObjective.FamilyName, pipeline.ClassNames, pipeline.Config.InChannels, pipeline.Config.ImageSize)
{
    protected override bool TakesTemperature => true;

    protected override GenerationResult GenerateValidated(GenerationRequest request, Action<GenerationProgress>? progress, CancellationToken cancel)
    {
        double t = request.Temperature ?? FlowPipeline.DefaultTemperature;
        var labels = Labels(request);
        var images = pipeline.Sample(request.Count, request.Seed, t, labels, done => progress?.Invoke(new GenerationProgress(done / (double)request.Count, null)));
        return new GenerationResult(images, PerImage(request, labels, new GenerationParameters { Sampler = $"flow inverse, temperature {Format(t)}" }));
    }

    public override void Dispose() => pipeline.Dispose();
}
