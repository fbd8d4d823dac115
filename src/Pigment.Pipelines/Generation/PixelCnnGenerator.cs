using Pigment.Core.Imaging;

namespace Pigment.Pipelines.Generation;

/// <summary>A PixelCNN through the request API: pixels drawn in raster order, one network pass each, with
/// uniforms from seed + i.</summary>
public sealed class PixelCnnGenerator(string name, PixelCnnPipeline pipeline)
    : GeneratorBase(name, Models.PixelCnn.PixelCnnObjective.FamilyName, pipeline.Network.Conditional ? pipeline.Config.ClassNames : [],
        pipeline.Config.InChannels, pipeline.Config.ImageSize), ILikelihoodModel
{
    protected override bool TakesTemperature => true;

    public override string Dataset => pipeline.Config.Dataset;

    public override GenerationMethod Describe(GenerationRequest request)
    {
        double t = request.Temperature ?? 1.0;
        return new("raster order, one pixel per pass" + (t == 1 ? "" : $", temperature {Format(t)}"), pipeline.ParameterCount, $"{Size * Size} (one per pixel)");
    }

    /// <summary>−log p(x), marginal over the classes for a conditional model (comparable with unconditional ones).</summary>
    public TestLikelihood TestNll(GenerationRequest request, int? limit, long seed, Action<double>? progress = null, LikelihoodSettings? settings = null)
    {
        var nll = pipeline.TestNll(limit, seed, (done, total) => progress?.Invoke(done / (double)total));
        string data = pipeline.Config.Output == Models.PixelCnn.PixelCnnOutput.Bernoulli ? "binarized" : "8-bit";
        return nll.MarginalNats is { } marginal
            ? new TestLikelihood(marginal, (int)nll.Dimensions, data, $"exact, marginal over {pipeline.Config.NumClasses} classes", nll.Images) { ConditionalNatsPerImage = nll.Nats }
            : new TestLikelihood(nll.Nats, (int)nll.Dimensions, data, "exact", nll.Images);
    }

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
