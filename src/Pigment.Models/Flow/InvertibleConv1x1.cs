using Pigment.Core;
using Pigment.Core.NativeMath;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Models.Flow;

/// <summary>
/// The invertible 1×1 convolution (Glow §3.2): y = W x at every pixel for a learned C×C matrix W, initialised as a
/// random rotation; log |det| = H · W · log |det W| (plain W with slogdet: C ≤ 8 here, so the determinant and the
/// inverse of W cost nothing next to the couplings).
/// </summary>
public sealed class InvertibleConv1x1 : FlowLayer
{
    private readonly Parameter weight;

    public InvertibleConv1x1(int channels) : base(nameof(InvertibleConv1x1))
    {
        // A random orthogonal matrix: Q of the QR decomposition of a Gaussian matrix (|det| = 1 at the start).
        using var gaussian = torch.randn(channels, channels, dtype: ScalarType.Float64);
        var (q, r) = torch.linalg.qr(gaussian);
        r.Dispose();
        weight = nn.Parameter(q.to_type(ScalarType.Float32).contiguous());
        q.Dispose();
        RegisterComponents();
    }

    public override (Tensor Y, Tensor LogDet) forward(Tensor x)
    {
        long c = weight.shape[0];
        using var kernel = weight.reshape(c, c, 1, 1);
        var y = Convolutions.Conv2d(x, kernel, null);                                 // y_ij = W x_ij
        var (sign, logAbsDet) = torch.linalg.slogdet(weight);
        sign.Dispose();
        long pixels = x.shape[2] * x.shape[3];
        var logDet = logAbsDet.Mul(pixels).expand(x.shape[0]);                    // H·W·log |det W|
        return (y, logDet);
    }

    public override Tensor Reverse(Tensor y)
    {
        long c = weight.shape[0];
        using var inverse = torch.linalg.inv(weight.to_type(ScalarType.Float64)).to_type(weight.dtype);
        using var kernel = inverse.reshape(c, c, 1, 1);
        return Convolutions.Conv2d(y, kernel, null);                                  // x_ij = W⁻¹ y_ij
    }
}
