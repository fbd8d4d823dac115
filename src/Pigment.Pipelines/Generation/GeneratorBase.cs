using System.Globalization;
using Pigment.Core;
using Pigment.Core.Imaging;

namespace Pigment.Pipelines.Generation;

/// <summary>
/// What every family's <see cref="IImageGenerator"/> shares: the checks of a request against what the family can
/// do (each refusal one line, before any work), prompts resolved to class labels (a named class for all images, or
/// image i taking class i mod K), and the parameters written into each image.
/// </summary>
public abstract class GeneratorBase : IImageGenerator
{
    protected GeneratorBase(string name, string family, IReadOnlyList<string> classNames, int channels, int size)
    {
        Name = name;
        Family = family;
        ClassNames = classNames;
        Channels = channels;
        Size = size;
    }

    public string Name { get; }

    public string Family { get; }

    public IReadOnlyList<string> ClassNames { get; }

    public virtual string Dataset => "";

    public virtual GenerationMethod Describe(GenerationRequest request) => new(Family, 0, "1");

    /// <summary>Channels of the images (1 gray, 3 RGB).</summary>
    public int Channels { get; }

    /// <summary>Width and height of the images.</summary>
    public int Size { get; }

    public GeneratorAbilities Abilities => new(TakesText, TakesGuidance, TakesSampler, TakesInitImage, TakesTemperature);

    /// <summary>What the family can take beyond a count and a seed.</summary>
    protected virtual bool TakesGuidance => false;

    protected virtual bool TakesSampler => false;

    protected virtual bool TakesInitImage => false;

    protected virtual bool TakesTemperature => false;

    protected virtual bool TakesTruncation => false;

    /// <summary>Prompts are free text (read by a text encoder), not class names.</summary>
    protected virtual bool TakesText => false;

    protected virtual bool TakesPrior => false;

    /// <summary>The network can run on another engine or precision (<see cref="InferenceBackend"/>): diffusion models.</summary>
    protected virtual bool TakesBackend => false;

    public void Validate(GenerationRequest request)
    {
        request.ValidateCommon();
        string what = $"'{Name}' (a {Family} model)";
        if ((request.GuidanceRescale is not null || request.MaskBlur is not null) && !TakesText)
            throw new PigmentException($"{what} takes no guidance rescale or mask blur: those are for text-to-image models.");
        if (!TakesText && (request.Prompt is not null || request.NegativePrompt is not null))
        {
            if (ClassNames.Count == 0)
                throw new PigmentException($"{what} is unconditional: it takes no prompt or class.");
            foreach (var text in new[] { request.Prompt, request.NegativePrompt }.OfType<string>())
                ClassLabels.Parse(ClassNames, ClassNames.Count, text);
        }
        if (request.NegativePrompt is not null && !TakesGuidance)
            throw new PigmentException($"{what} has no classifier-free guidance, so no negative prompt.");
        if (request.Guidance is { } g && g != 1 && !TakesGuidance)
            throw new PigmentException($"{what} has no classifier-free guidance: leave the guidance at 1.");
        if ((request.Sampler is not null || request.SamplerOptions is not null) && !TakesSampler)
            throw new PigmentException($"{what} is not sampled step by step: it takes no sampler or steps.");
        if (request.InitImage is not null && !TakesInitImage)
            throw new PigmentException($"{what} cannot start from an image: img2img and inpainting need a diffusion model.");
        if (request.Backend is { } backend && backend != InferenceBackend.Torch && !TakesBackend)
            throw new PigmentException($"{what} runs on TorchSharp in float32 only: --backend {backend.CommandName()} is for diffusion and text-to-image models.");
        if (request.Truncation is not null && !TakesTruncation)
            throw new PigmentException($"{what} has no truncation trick: that is for StyleGAN and BigGAN.");
        if (request.Temperature is not null && !TakesTemperature)
            throw new PigmentException($"{what} has no temperature.");
        if (request.FittedPrior is not null && !TakesPrior)
            throw new PigmentException($"{what} has no choice of prior: that is for VAEs.");
        if (request.InitImage is { } init)
        {
            long[] expected = [Channels, Size, Size];
            var shape = init.dim() == 4 && init.shape[0] == 1 ? init.shape[1..] : init.shape;
            if (!shape.SequenceEqual(expected))
                throw new PigmentException($"The starting image is {Describe(shape)}; {what} makes {Describe(expected)} images.");
        }
        if (request.Mask is { } mask)
        {
            var shape = mask.dim() == 3 && mask.shape[0] == 1 ? mask.shape[1..] : mask.shape;
            if (!shape.SequenceEqual(new long[] { Size, Size }))
                throw new PigmentException($"The mask is {string.Join("×", shape)}; it must be {Size}×{Size}, as the image.");
        }
        ValidateFamily(request);
    }

    /// <summary>What the model will do differently from what was asked (words it does not know, a prompt cut short),
    /// or slower than expected (bfloat16 on a CPU without bfloat16 instructions), one line each.</summary>
    public virtual IReadOnlyList<string> Warnings(GenerationRequest request) =>
        request.Backend is InferenceBackend.Bf16 && !Core.TorchRuntime.HasBFloat16Instructions
            ? ["This CPU has no bfloat16 instructions (AVX-512 BF16 or AMX): --backend bf16 is emulated and slower than float32 here."]
            : [];

    /// <summary>The family's own checks (sampler names and steps, temperature ranges).</summary>
    protected virtual void ValidateFamily(GenerationRequest request) { }

    public GenerationResult Generate(GenerationRequest request, Action<GenerationProgress>? progress = null, CancellationToken cancel = default)
    {
        Validate(request);
        cancel.ThrowIfCancellationRequested();
        return GenerateValidated(request, progress, cancel);
    }

    protected abstract GenerationResult GenerateValidated(GenerationRequest request, Action<GenerationProgress>? progress, CancellationToken cancel);

    /// <summary>One label per image: the prompt's class for all, or 0, 1, …, K − 1, 0, … (null for an unconditional model).</summary>
    protected int[]? Labels(GenerationRequest request) =>
        request.Prompt is { } prompt
            ? Enumerable.Repeat(ClassLabels.Parse(ClassNames, ClassNames.Count, prompt), request.Count).ToArray()
            : ClassLabels.Cycle(request.Count, ClassNames.Count);

    /// <summary>The negative prompt's class for every image, or null.</summary>
    protected int[]? NegativeLabels(GenerationRequest request) =>
        request.NegativePrompt is { } negative ? Enumerable.Repeat(ClassLabels.Parse(ClassNames, ClassNames.Count, negative), request.Count).ToArray() : null;

    /// <summary>Image i's parameters: <paramref name="shared"/> with its seed (seed + i) and its class as the prompt.</summary>
    protected IReadOnlyList<GenerationParameters> PerImage(GenerationRequest request, int[]? labels, GenerationParameters shared)
    {
        var negative = NegativeLabels(request)?[0] is { } n ? $"class {ClassNames[n]}" : "";
        return Enumerable.Range(0, request.Count).Select(i => shared with
        {
            Seed = request.Seed + i,
            Prompt = labels is null ? "" : $"class {ClassNames[labels[i]]}",
            NegativePrompt = negative,
            Width = Size,
            Height = Size,
            Model = Name,
        }).ToArray();
    }

    /// <summary>The PNG's record of the backend: nothing for TorchSharp in float32 (the default), "Backend: onnx" or
    /// "Backend: bf16" otherwise.</summary>
    protected static IEnumerable<KeyValuePair<string, string>> BackendRecord(GenerationRequest request) =>
        request.Backend is { } backend && backend != InferenceBackend.Torch ? [new("Backend", backend.CommandName())] : [];

    protected static long Count(TorchSharp.torch.nn.Module module) => module.parameters().Sum(p => p.numel());

    protected static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Describe(long[] shape) => shape.Length == 3 ? $"{shape[1]}×{shape[2]} with {shape[0]} channel{(shape[0] == 1 ? "" : "s")}" : $"[{string.Join(", ", shape)}]";

    public abstract void Dispose();
}
