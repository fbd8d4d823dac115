using Pigment.Core.Imaging;

namespace Pigment.Pipelines.Generation;

/// <summary>A PixelCNN through the request API: pixels drawn in raster order, one network pass each, with
/// uniforms from seed + i.</summary>
public sealed class PixelCnnGenerator(string name, PixelCnnPipeline pipeline)
    : GeneratorBase(name, Models.PixelCnn.PixelCnnObjective.FamilyName, pipeline.Network.Conditional ? pipeline.Config.ClassNames : [],
        pipeline.Config.InChannels, pipeline.Config.ImageSize)
{
    protected override bool TakesTemperature => true;

    protected override GenerationResult GenerateValidated(GenerationRequest request, Action<GenerationProgress>? progress, CancellationToken cancel)
    {
        double t = request.Temperature ?? 1.0;
        var labels = Labels(request);
        int passes = Size * Size;
        double total = Math.Ceiling(request.Count / 100.0) * passes;
        var images = pipeline.Generate(request.Count, labels, request.Seed, k =>
        {
            cancel.ThrowIfCancellationRequested();
            progress?.Invoke(new GenerationProgress(k / total, null));
        }, t);
        var shared = new GenerationParameters
        {
            Steps = passes, Sampler = "PixelCNN raster order",
            Extra = t == 1.0 ? [] : [new("Temperature", Format(t))],
        };
        return new GenerationResult(images, PerImage(request, labels, shared));
    }

    public override void Dispose() => pipeline.Dispose();
}
