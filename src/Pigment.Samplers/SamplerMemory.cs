using static TorchSharp.torch;

namespace Pigment.Samplers;

/// <summary>
/// What a multistep sampler remembers from one step to the next within one run (DPM-Solver++(2M): the previous x̂_0
/// and step size). Owned and disposed by the run, never by a sampler instance.
/// </summary>
public sealed class SamplerMemory : IDisposable
{
    private Tensor? _previousDenoised;

    /// <summary>The previous step's x̂_0 (null at a run's first step). Setting it disposes the one it replaces.</summary>
    public Tensor? PreviousDenoised
    {
        get => _previousDenoised;
        set
        {
            if (!ReferenceEquals(_previousDenoised, value))
                _previousDenoised?.Dispose();
            _previousDenoised = value;
        }
    }

    /// <summary>The previous step's size in the sampler's own variable (DPM-Solver++: h = λ′ − λ).</summary>
    public double PreviousStepSize { get; set; }

    public void Dispose() => PreviousDenoised = null;
}
