using Pigment.Core;
using Pigment.Models.Layers;
using Conv2d = Pigment.Models.Layers.Conv2d;
using ConvTranspose2d = Pigment.Models.Layers.ConvTranspose2d;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Models.Flow;

/// <summary>
/// The affine coupling layer (Real NVP §3.3, Glow §3.3). The channels split into halves (x_a, x_b); a small CNN
/// reads x_a and predicts a shift t and a raw scale r for x_b:
/// y_a = x_a, y_b = x_b ⊙ exp(log s) + t, with log s = w ⊙ tanh(r) (a learned per-channel bound w, as in
/// Real NVP, so a scale never explodes), log |det| = Σ log s. The CNN's last convolution starts at zero, so every
/// coupling starts as the identity.
/// </summary>
public sealed class AffineCoupling : FlowLayer
{
    private readonly Sequential net;
    private readonly Conv2d output;
    private readonly Parameter scale_bound;

    private readonly long _half;

    public AffineCoupling(int channels, int hidden) : base(nameof(AffineCoupling))
    {
        if (channels < 2 || channels % 2 != 0)
            throw new ArgumentException($"An affine coupling splits its channels in halves; {channels} cannot be split.");
        _half = channels / 2;
        int half = channels / 2;
        net = nn.Sequential(
            new Conv2d(half, hidden, 3, padding: 1), nn.ReLU(),
            new Conv2d(hidden, hidden, 1), nn.ReLU());
        output = new Conv2d(hidden, 2 * half, 3, padding: 1);
        using (torch.no_grad())
        {
            output.weight!.zero_();
            output.bias!.zero_();
        }
        scale_bound = nn.Parameter(torch.ones(1, half, 1, 1));
        RegisterComponents();
    }

    /// <summary>(shift t, log s) for the second half, predicted from the first half.</summary>
    private (Tensor Shift, Tensor LogScale) Predict(Tensor xa)
    {
        using var scope = torch.NewDisposeScope();
        var h = output.call(net.call(xa));                                       // (B, 2·C/2, H, W)
        var parts = h.chunk(2, 1);
        var logScale = scale_bound * parts[1].tanh();                            // log s = w ⊙ tanh(r)
        return (parts[0].MoveToOuterDisposeScope(), logScale.MoveToOuterDisposeScope());
    }

    public override (Tensor Y, Tensor LogDet) forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var xa = x.narrow(1, 0, _half);
        var xb = x.narrow(1, _half, _half);
        var (shift, logScale) = Predict(xa);
        var yb = (xb * logScale.exp()).Plus(shift);                                    // y_b = x_b ⊙ s + t
        var y = torch.cat([xa, yb], 1);
        var logDet = logScale.flatten(1).sum(1);                                 // Σ log s
        return (y.MoveToOuterDisposeScope(), logDet.MoveToOuterDisposeScope());
    }

    public override Tensor Reverse(Tensor y)
    {
        using var scope = torch.NewDisposeScope();
        var ya = y.narrow(1, 0, _half);
        var yb = y.narrow(1, _half, _half);
        var (shift, logScale) = Predict(ya);
        var xb = (yb - shift) * (-logScale).exp();                               // x_b = (y_b − t) ⊙ s⁻¹
        return torch.cat([ya, xb], 1).MoveToOuterDisposeScope();
    }
}
