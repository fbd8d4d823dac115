using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Core.Data;

/// <summary>
/// One training batch: images (B, C, H, W), labels (B) as int64 (−1 where none), the captions, and where it came
/// from (epoch and batch index within the epoch). The receiver owns the tensors and disposes the batch.
/// </summary>
public sealed record Batch(Tensor Images, Tensor Labels, IReadOnlyList<string?> Captions, long Epoch, int IndexInEpoch) : IDisposable
{
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
