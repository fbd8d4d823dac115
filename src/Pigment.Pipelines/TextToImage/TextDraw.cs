using Pigment.Samplers;
using static TorchSharp.torch;

namespace Pigment.Pipelines.TextToImage;

/// <summary>
/// One call of <see cref="TextToImagePipeline.Draw"/>: prompts (one for all images, or one per image), the negative
/// prompt (null: the empty prompt), guidance g and rescale φ, sampler and steps, seed (image i from seed + i); for
/// img2img a starting image (3, H, W) in [0, 1] with a strength, and for inpainting a mask (H, W) in [0, 1], 1 where
/// to paint, blurred by <see cref="MaskBlur"/> pixels.
/// </summary>
public sealed record TextDraw(IReadOnlyList<string> Prompts, int Count, long Seed, ISampler Sampler, SamplerOptions Options, double Guidance)
{
    public string? Negative { get; init; }

    public double GuidanceRescale { get; init; }

    public Tensor? Init { get; init; }

    public double Strength { get; init; } = 0.75;

    public Tensor? Mask { get; init; }

    public double MaskBlur { get; init; } = 2;

    /// <summary>The engine that runs the UNet.</summary>
    public InferenceBackend Backend { get; init; }

    /// <summary>Image i's prompt.</summary>
    public string PromptOf(int i) => Prompts.Count == 1 ? Prompts[0] : Prompts[i];
}
