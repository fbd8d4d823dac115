using Pigment.Core.Diffusion;
using static TorchSharp.torch;

namespace Pigment.Samplers;

/// <summary>A sampling algorithm: walks pure noise down to an image, knowing the model only as a function.</summary>
public interface ISampler
{
    /// <summary>The command-line name, e.g. "dpm++2m".</summary>
    string Name { get; }

    /// <summary>The name AUTOMATIC1111's web UI would show, e.g. "DPM++ 2M".</summary>
    string DisplayName { get; }

    /// <summary>
    /// Draws x_0 from x_T = <paramref name="noise"/> (standard normal, B×C×H×W). <paramref name="onStep"/> is
    /// called after each network evaluation with the number done so far.
    /// </summary>
    Tensor Sample(NoisePredictor model, Tensor noise, NoiseSchedule schedule, SamplerOptions options, Generator generator, Action<int>? onStep = null);
}
