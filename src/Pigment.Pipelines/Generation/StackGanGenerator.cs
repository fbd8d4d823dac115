using Pigment.Core;
using Pigment.Core.Imaging;

namespace Pigment.Pipelines.Generation;

/// <summary>
/// StackGAN through the request API: a prompt (free text, read by the frozen text encoder) to images in one pass of
/// each stage; image i draws its z and conditioning noise with seed + i. No guidance, sampler or starting image.
/// </summary>
public sealed class StackGanGenerator(string name, StackGanPipeline pipeline)
    : GeneratorBase(name, StackGanPipeline.FamilyName, [], pipeline.Config.Channels, pipeline.Size)
{
    public StackGanPipeline Pipeline => pipeline;

    protected override bool TakesText => true;

    public override string Dataset => pipeline.Config.Dataset;

    public override GenerationMethod Describe(GenerationRequest request) =>
        new(pipeline.Stage2 is null ? "Stage I, one generator pass" : "Stage I then Stage II, one pass each",
            Count(pipeline.TextEncoder) + Count(pipeline.Stage1) + (pipeline.Stage2 is null ? 0 : Count(pipeline.Stage2)), pipeline.Stage2 is null ? "1" : "2");

    public override IReadOnlyList<string> Warnings(GenerationRequest request) =>
        [.. base.Warnings(request), .. PromptWarnings.Of(Name, pipeline.TextEncoder, request)];

    protected override GenerationResult GenerateValidated(GenerationRequest request, Action<GenerationProgress>? progress, CancellationToken cancel)
    {
        var prompt = request.Prompt ?? "";
        using var drawn = pipeline.Draw(Enumerable.Repeat(prompt, request.Count).ToArray(), request.Seed);
        var unit = drawn.Final.Add(1).Div(2).Clamp(0, 1);
        progress?.Invoke(new GenerationProgress(1, null));
        var parameters = Enumerable.Range(0, request.Count).Select(i => new GenerationParameters
        {
            Prompt = prompt,
            Sampler = "StackGAN",
            Seed = request.Seed + i,
            Width = Size,
            Height = Size,
            Model = Name,
        }).ToArray();
        return new GenerationResult(unit, parameters);
    }

    public override void Dispose() => pipeline.Dispose();
}
