using Pigment.Core.Imaging;
using static TorchSharp.torch;

namespace Pigment.Pipelines.Generation;

/// <summary>
/// The images of a request, (N, C, H, W) on the CPU in [0, 1], for every model family, and the parameters each one
/// was made with: written into its PNG, they reproduce it exactly.
/// </summary>
public sealed record GenerationResult(Tensor Images, IReadOnlyList<GenerationParameters> Parameters) : IDisposable
{
    public void Dispose() => Images.Dispose();
}

/// <summary>How far a generation is (0 … 1), and, where the model has one, its current estimate of the images
/// ((N, C, H, W) in [0, 1], valid during the call) for a live preview.</summary>
public sealed record GenerationProgress(double Fraction, Tensor? Preview);
