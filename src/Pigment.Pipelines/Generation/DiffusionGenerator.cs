using Pigment.Core;
using Pigment.Core.Imaging;
using Pigment.Samplers;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Pipelines.Generation;

/// <summary>Pixel diffusion through the request API: txt2img, img2img with strength, inpainting, guidance with a
/// negative class, any sampler, live previews of x̂_0.</summary>
public sealed class DiffusionGenerator(string name, DiffusionPipeline pipeline)
    : GeneratorBase(name, Models.Diffusion.DiffusionObjective.FamilyName, pipeline.Config.ClassNames, pipeline.Config.Unet.InChannels, pipeline.Config.Unet.ImageSize), IOnnxExportable
{
    /// <summary>The guidance of a conditional model when the request names none (what the README's commands use).</summary>
    public const double DefaultGuidance = 3.0;

    public DiffusionPipeline Pipeline => pipeline;

    public string OnnxDescription =>
        $"the UNet: x (B, {Channels}, {Size}, {Size}), t (B) float{(pipeline.Config.Unet.NumClasses > 0 ? ", labels (B) int64" : "")} → the {pipeline.Config.Prediction} prediction";

    public Models.Onnx.OnnxGraph ToOnnx() => pipeline.Model.ToOnnx();

    public OnnxExample Example(int batch, long seed)
    {
        using var generator = Seeds.Generator(seed);
        var x = torch.randn([batch, Channels, Size, Size], generator: generator);
        var t = torch.randint(0, pipeline.Schedule.TrainingSteps, [batch], generator: generator);
        var inputs = new Dictionary<string, Tensor> { ["x"] = x, ["t"] = t.to_type(ScalarType.Float32) };
        Tensor? labels = null;
        if (pipeline.Config.Unet.NumClasses > 0)
            inputs["labels"] = labels = torch.randint(0, pipeline.Config.Unet.NumClasses + 1, [batch], generator: generator);
        return new OnnxExample(inputs, pipeline.Model, () => pipeline.Model.call(x, t, labels), () =>
        {
            using var inference = torch.inference_mode();
            return LowPrecision.Out(pipeline.BFloat16Model.call(LowPrecision.In(x), t, labels), x);
        });
    }

    protected override bool TakesGuidance => pipeline.Config.Unet.NumClasses > 0;

    protected override bool TakesSampler => true;

    protected override bool TakesBackend => true;

    protected override bool TakesInitImage => true;

    public override string Dataset => pipeline.Config.Dataset;

    public override GenerationMethod Describe(GenerationRequest request)
    {
        var options = request.SamplerOptions ?? new SamplerOptions();
        var sampler = SamplerCatalog.Create(request.Sampler ?? "dpm++2m");
        bool conditional = ClassNames.Count > 0;
        double guidance = conditional ? request.Guidance ?? DefaultGuidance : 1;
        var method = $"{SamplerCatalog.DisplayName(sampler, options)}, {options.Steps} steps" + (conditional ? $", guidance {Format(guidance)}" : "");
        return new(method, Count(pipeline.Model), $"{options.Steps} (sampler steps{(guidance != 1 ? "; ×2 with guidance" : "")}; T = {pipeline.Schedule.TrainingSteps})");
    }

    protected override void ValidateFamily(GenerationRequest request)
    {
        SamplerCatalog.Create(request.Sampler ?? "dpm++2m");
        (request.SamplerOptions ?? new SamplerOptions()).Validate(pipeline.Schedule.TrainingSteps);
    }

    protected override GenerationResult GenerateValidated(GenerationRequest request, Action<GenerationProgress>? progress, CancellationToken cancel)
    {
        var sampler = SamplerCatalog.Create(request.Sampler ?? "dpm++2m");
        var options = request.SamplerOptions ?? new SamplerOptions();
        var labels = Labels(request);
        double guidance = labels is null ? 1 : request.Guidance ?? DefaultGuidance;
        var draw = new DiffusionDraw(request.Count, sampler, options, guidance, labels, request.Seed)
        {
            Negative = NegativeLabels(request),
            Init = request.InitImage,
            Strength = request.Strength,
            Mask = request.Mask,
            Backend = request.Backend ?? InferenceBackend.Torch,
        };
        var plan = SamplingPlan.Create(pipeline.Schedule, options.Steps, options.Karras);
        int stepsRun = request.InitImage is null ? options.Steps : options.Steps - plan.StartLevel(request.Strength);
        double total = Math.Ceiling(request.Count / 100.0) * Math.Max(1, stepsRun);
        using var images = pipeline.Draw(draw, progress is null ? null : (done, denoised) =>
        {
            using var preview = denoised.Clamp(-1, 1).Add(1).Div(2);
            progress(new GenerationProgress(done / total, preview));
        }, cancel);
        var unit = images.Add(1).Div(2);                                         // [−1, 1] → [0, 1]
        var shared = new GenerationParameters
        {
            Steps = options.Steps,
            Sampler = SamplerCatalog.DisplayName(sampler, options),
            CfgScale = labels is null ? null : guidance,
            Extra = [.. StrengthRecord(request), .. BackendRecord(request)],
        };
        return new GenerationResult(unit, PerImage(request, labels, shared));
    }

    private static KeyValuePair<string, string>[] StrengthRecord(GenerationRequest request) =>
        request.InitImage is null ? [] : [new("Denoising strength", Format(request.Strength)), .. request.Mask is null ? Array.Empty<KeyValuePair<string, string>>() : [new("Mask", "yes")]];

    public override void Dispose() => pipeline.Dispose();
}
