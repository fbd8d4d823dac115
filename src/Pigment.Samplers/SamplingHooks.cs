using static TorchSharp.torch;

namespace Pigment.Samplers;

/// <summary>What a caller may do while a run goes: watch it, edit x between steps, stop it.</summary>
public sealed record SamplingHooks
{
    /// <summary>After each step: how far the run is and its current estimate x̂_0 (for live previews). The tensor is
    /// valid during the call only: clone it to keep it.</summary>
    public Action<SamplingProgress>? Progress { get; init; }

    /// <summary>
    /// After each step, may replace x (inpainting puts back the known region, re-noised to the new level): receives
    /// x in variance-preserving form at the level just reached and returns its replacement in the same form, or null
    /// to keep it.
    /// </summary>
    public Func<StepState, Tensor?>? Replace { get; init; }

    /// <summary>Checked before each step; a cancelled run throws <see cref="OperationCanceledException"/>.</summary>
    public CancellationToken Cancellation { get; init; }
}

/// <param name="Done">Steps taken in this run.</param>
/// <param name="Total">Steps this run takes (a run started part-way takes fewer than the plan has).</param>
/// <param name="Denoised">The latest estimate x̂_0.</param>
public sealed record SamplingProgress(int Done, int Total, Tensor Denoised);

/// <param name="Level">The plan level x is now at (1 … n; n is σ = 0).</param>
/// <param name="AlphaBar">ᾱ of that level, 1 / (1 + σ²).</param>
/// <param name="X">x_t = √ᾱ x_0 + √(1−ᾱ) ε at that level.</param>
public sealed record StepState(int Level, double AlphaBar, Tensor X);
