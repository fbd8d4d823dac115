using Pigment.Core;
using Pigment.Core.Imaging;

namespace Pigment.Pipelines.Generation;

/// <summary>A GAN of any lineage through the request API: one generator pass per image, z_i drawn with seed + i.</summary>
public sealed class GanGenerator(string name, string family, GanPipeline pipeline)
    : GeneratorBase(name, family, pipeline.Shape.ClassNames, pipeline.Shape.Channels, pipeline.Shape.ImageSize)
{
    public override string Dataset => pipeline.Shape.Dataset;

    protected override bool TakesTruncation => pipeline.Generator.Truncatable;

    public override GenerationMethod Describe(GenerationRequest request) =>
        new(request.Truncation is { } t ? $"one generator pass, truncation {TruncationName} = {Format(t)}" : "one generator pass", Count(pipeline.Generator.Network), "1");

    /// <summary>StyleGAN truncates w towards w̄ by ψ; BigGAN resamples z beyond a threshold.</summary>
    private bool TruncatesByThreshold => Family == Models.BigGan.BigGanObjective.FamilyName;

    private string TruncationName => TruncatesByThreshold ? "threshold" : "ψ";

    protected override GenerationResult GenerateValidated(GenerationRequest request, Action<GenerationProgress>? progress, CancellationToken cancel)
    {
        var labels = Labels(request);
        using var images = pipeline.Generate(request.Count, labels, request.Seed, request.Truncation);
        var unit = images.Add(1).Div(2);                                         // tanh's [−1, 1] → [0, 1]
        progress?.Invoke(new GenerationProgress(1, null));
        return new GenerationResult(unit, PerImage(request, labels, new GenerationParameters
        {
            Sampler = "GAN generator",
            Extra = request.Truncation is { } t ? [new(TruncatesByThreshold ? "Truncation threshold" : "Truncation psi", Format(t))] : [],
        }));
    }

    public override void Dispose() => pipeline.Dispose();
}
