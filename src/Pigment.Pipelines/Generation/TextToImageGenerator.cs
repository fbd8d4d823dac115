using Pigment.Core;
using Pigment.Core.Imaging;
using Pigment.Pipelines.TextToImage;
using Pigment.Samplers;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Pipelines.Generation;

/// <summary>
/// Latent text-to-image through the request API: a prompt and a negative prompt, guidance with optional rescale,
/// any sampler, img2img with strength, inpainting with a blurred mask, live previews of the decoded x̂_0.
/// </summary>
public sealed class TextToImageGenerator(string name, TextToImagePipeline pipeline)
    : GeneratorBase(name, TextToImagePipeline.FamilyName, [], 3, pipeline.Size), IOnnxExportable
{
    /// <summary>The guidance scale when the request names none.</summary>
    public const double DefaultGuidance = 4.0;

    public TextToImagePipeline Pipeline => pipeline;

    public string OnnxDescription
    {
        get
        {
            var c = pipeline.Unet.Config;
            var states = pipeline.Config.WordEmbeddings ? "the text encoder's states, each followed by its token's RMS-normalised embedding" : "the text encoder's states";
            return $"the unet part: x (B, {c.LatentChannels}, {c.LatentSize}, {c.LatentSize}), t (B) float, text_states (B, L, {c.ContextDim}) ({states}), " +
                   $"text_mask (B, L) bool, text_pooled (B, {c.PooledDim}) → the {pipeline.Config.Prediction} prediction";
        }
    }

    public Models.Onnx.OnnxGraph ToOnnx() => pipeline.Unet.ToOnnx();

    public OnnxExample Example(int batch, long seed)
    {
        using var generator = Seeds.Generator(seed);
        var c = pipeline.Unet.Config;
        var x = torch.randn([batch, c.LatentChannels, c.LatentSize, c.LatentSize], generator: generator);
        var t = torch.randint(0, pipeline.Schedule.TrainingSteps, [batch], generator: generator);
        string[] prompts = ["a red circle above a blue square", "three green stars", "", "a large yellow hexagon on a black background"];
        Models.TextEncoders.TextEncoding text;
        using (torch.no_grad())                                   // not inference mode: bench speed trains through these
            text = pipeline.EncodeText(Enumerable.Range(0, batch).Select(i => prompts[i % prompts.Length]).ToArray());
        var inputs = new Dictionary<string, Tensor>
        {
            ["x"] = x, ["t"] = t.to_type(ScalarType.Float32), ["text_states"] = text.States, ["text_mask"] = text.Mask, ["text_pooled"] = text.Pooled,
        };
        return new OnnxExample(inputs, pipeline.Unet, () => pipeline.Unet.call(x, t, text), () =>
        {
            using var inference = torch.inference_mode();
            var low = new Models.TextEncoders.TextEncoding(LowPrecision.In(text.States), text.Mask, LowPrecision.In(text.Pooled));
            return LowPrecision.Out(pipeline.BFloat16Unet.call(LowPrecision.In(x), t, low), x);
        });
    }

    protected override bool TakesGuidance => true;

    protected override bool TakesSampler => true;

    protected override bool TakesBackend => true;

    protected override bool TakesInitImage => true;

    protected override bool TakesText => true;

    public override string Dataset => pipeline.Config.Dataset;

    public override GenerationMethod Describe(GenerationRequest request)
    {
        var options = request.SamplerOptions ?? new SamplerOptions();
        var sampler = SamplerCatalog.Create(request.Sampler ?? "dpm++2m");
        double guidance = request.Guidance ?? DefaultGuidance;
        return new($"{SamplerCatalog.DisplayName(sampler, options)}, {options.Steps} steps, guidance {Format(guidance)}",
            Count(pipeline.Autoencoder) + Count(pipeline.TextEncoder) + Count(pipeline.Unet),
            $"{options.Steps} (sampler steps{(guidance != 1 ? "; ×2 with guidance" : "")}; T = {pipeline.Schedule.TrainingSteps}) + 1 decoder pass");
    }

    protected override void ValidateFamily(GenerationRequest request)
    {
        SamplerCatalog.Create(request.Sampler ?? "dpm++2m");
        (request.SamplerOptions ?? new SamplerOptions()).Validate(pipeline.Schedule.TrainingSteps);
    }

    public override IReadOnlyList<string> Warnings(GenerationRequest request) =>
        [.. base.Warnings(request), .. PromptWarnings.Of(Name, pipeline.TextEncoder, request)];

    protected override GenerationResult GenerateValidated(GenerationRequest request, Action<GenerationProgress>? progress, CancellationToken cancel)
    {
        var sampler = SamplerCatalog.Create(request.Sampler ?? "dpm++2m");
        var options = request.SamplerOptions ?? new SamplerOptions();
        double guidance = request.Guidance ?? DefaultGuidance;
        var draw = new TextDraw([request.Prompt ?? ""], request.Count, request.Seed, sampler, options, guidance)
        {
            Negative = request.NegativePrompt,
            GuidanceRescale = request.GuidanceRescale ?? 0,
            Init = request.InitImage,
            Strength = request.Strength,
            Mask = request.Mask,
            MaskBlur = request.MaskBlur ?? 2,
            Backend = request.Backend ?? InferenceBackend.Torch,
        };
        var plan = SamplingPlan.Create(pipeline.Schedule, options.Steps, options.Karras);
        int stepsRun = request.InitImage is null ? options.Steps : options.Steps - plan.StartLevel(request.Strength);
        double total = Math.Ceiling(request.Count / (double)DenoisingLoop.ChunkSize) * Math.Max(1, stepsRun);
        var images = pipeline.Draw(draw, progress is null ? null : (done, denoised) =>
        {
            using var preview = pipeline.DecodeLatents(denoised);
            progress(new GenerationProgress(done / total, preview));
        }, cancel);
        var extra = new List<KeyValuePair<string, string>>();
        if (draw.GuidanceRescale > 0)
            extra.Add(new("Guidance rescale", Format(draw.GuidanceRescale)));
        if (request.InitImage is not null)
            extra.Add(new("Denoising strength", Format(request.Strength)));
        if (request.Mask is not null)
            extra.Add(new("Mask blur", Format(draw.MaskBlur)));
        extra.AddRange(BackendRecord(request));
        var parameters = Enumerable.Range(0, request.Count).Select(i => new GenerationParameters
        {
            Prompt = request.Prompt ?? "",
            NegativePrompt = request.NegativePrompt ?? "",
            Steps = options.Steps,
            Sampler = SamplerCatalog.DisplayName(sampler, options),
            CfgScale = guidance,
            Seed = request.Seed + i,
            Width = Size,
            Height = Size,
            Model = Name,
            Extra = extra,
        }).ToArray();
        return new GenerationResult(images, parameters);
    }

    public override void Dispose() => pipeline.Dispose();
}
