using static TorchSharp.torch;

namespace Pigment.Models.Flow;

/// <summary>
/// The squeeze of Real NVP §3.6: each 2×2 block of pixels becomes 4 channels, (B, C, H, W) → (B, 4C, H/2, W/2).
/// A permutation, so its log-determinant is 0.
/// </summary>
public static class Squeeze
{
    public static Tensor Forward(Tensor x)
    {
        long b = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
        using var blocks = x.reshape(b, c, h / 2, 2, w / 2, 2);                 // (B, C, H/2, 2, W/2, 2)
        using var moved = blocks.permute(0, 1, 3, 5, 2, 4);                     // (B, C, 2, 2, H/2, W/2)
        return moved.reshape(b, 4 * c, h / 2, w / 2);
    }

    public static Tensor Reverse(Tensor y)
    {
        long b = y.shape[0], c = y.shape[1] / 4, h = y.shape[2], w = y.shape[3];
        using var blocks = y.reshape(b, c, 2, 2, h, w);
        using var moved = blocks.permute(0, 1, 4, 2, 5, 3);                     // (B, C, H/2, 2, W/2, 2)
        return moved.reshape(b, c, 2 * h, 2 * w);
    }
}
