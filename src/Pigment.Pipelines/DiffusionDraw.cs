using Pigment.Samplers;
using static TorchSharp.torch;

namespace Pigment.Pipelines;

/// <summary>
/// One call of <see cref="DiffusionPipeline.Draw"/>: how many images from which seed, with which sampler and
/// guidance, for which labels (and negative labels), optionally from a starting image (C, H, W) in [0, 1] with a
/// strength, and a mask (H, W) in [0, 1] that is 1 where to paint.
/// </summary>
public sealed record DiffusionDraw(int Count, ISampler Sampler, SamplerOptions Options, double Guidance, IReadOnlyList<int>? Labels, long Seed)
{
    public IReadOnlyList<int>? Negative { get; init; }

    /// <summary>The engine that runs the UNet.</summary>
    public InferenceBackend Backend { get; init; }

    public Tensor? Init { get; init; }

    public double Strength { get; init; } = 1;

    public Tensor? Mask { get; init; }
}
