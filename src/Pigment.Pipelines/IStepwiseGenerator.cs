namespace Pigment.Pipelines;

/// <summary>A generator whose cost per image is more than one network pass (autoregressive, diffusion), with the count.</summary>
public interface IStepwiseGenerator
{
    /// <summary>e.g. "784 (one per pixel)" or "20 (sampler steps)".</summary>
    string PassesPerImage { get; }
}
