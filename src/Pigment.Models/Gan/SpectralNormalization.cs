using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Models.Gan;

/// <summary>
/// Spectral normalisation (Miyato et al. 2018): W_SN = W / σ(W), σ the largest singular value of W reshaped to
/// (out, in·k·k), estimated by one step of power iteration per forward pass in training:
/// v ← Wᵀu / ‖Wᵀu‖, u ← Wv / ‖Wv‖, σ ≈ uᵀWv. The vector u persists between calls as a buffer.
/// </summary>
public static class SpectralNormalization
{
    public static Tensor Normalize(Tensor weight, Tensor u, bool updateU)
    {
        using var scope = torch.NewDisposeScope();
        var matrix = weight.reshape(weight.shape[0], -1);                    // (out, in·k·k)
        Tensor uVec;
        Tensor vVec;
        using (torch.no_grad())
        {
            vVec = nn.functional.normalize(matrix.T.matmul(u), dim: 0);
            uVec = nn.functional.normalize(matrix.matmul(vVec), dim: 0);
            if (updateU)
                u.copy_(uVec);
        }
        var sigma = uVec.dot(matrix.matmul(vVec));
        return (weight / sigma).MoveToOuterDisposeScope();
    }
}
