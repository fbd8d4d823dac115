using Pigment.Core.Imaging;

namespace Pigment.Pipelines.Generation;

/// <summary>A normalizing flow through the request API: x_i = f⁻¹(z_i), z_i drawn with seed + i at a temperature.</summary>
public sealed class FlowGenerator(string name, FlowPipeline pipeline)
    : GeneratorBase(name, Models.Flow.FlowObjective.FamilyName, pipeline.ClassNames, pipeline.Config.InChannels, pipeline.Config.ImageSize), ILikelihoodModel
{
    /// <summary>Dequantization draws averaged for the test NLL (as on the model card).</summary>
    public const int Draws = 3;

    protected override bool TakesTemperature => true;

    public override string Dataset => pipeline.Config.Dataset;

    public override GenerationMethod Describe(GenerationRequest request) =>
        new($"inverse flow, temperature {Format(request.Temperature ?? FlowPipeline.DefaultTemperature)}", pipeline.ParameterCount, "1");

    public TestLikelihood TestNll(GenerationRequest request, int? limit, long seed, Action<double>? progress = null, LikelihoodSettings? settings = null)
    {
        int images = 0, draws = settings?.Draws ?? Draws;
        var (_, nats) = pipeline.TestNll(draws, limit, seed, (done, total) => { images = total / draws; progress?.Invoke(done / (double)total); });
        return new TestLikelihood(nats, pipeline.Flow.Dimensions, "dequantized 8-bit",
            $"exact, {draws} dequantization draw{(draws == 1 ? "" : "s")}{(pipeline.Flow.IsConditional ? ", marginal over the classes" : "")}", images);
    }

    protected override GenerationResult GenerateValidated(GenerationRequest request, Action<GenerationProgress>? progress, CancellationToken cancel)
    {
        double t = request.Temperature ?? FlowPipeline.DefaultTemperature;
        var labels = Labels(request);
        var images = pipeline.Sample(request.Count, request.Seed, t, labels, done => progress?.Invoke(new GenerationProgress(done / (double)request.Count, null)));
        return new GenerationResult(images, PerImage(request, labels, new GenerationParameters { Sampler = $"flow inverse, temperature {Format(t)}" }));
    }

    public override void Dispose() => pipeline.Dispose();
}
