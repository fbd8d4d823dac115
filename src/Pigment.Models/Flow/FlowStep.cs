using Pigment.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Models.Flow;

/// <summary>One step of flow (Glow Fig. 2a): actnorm → invertible 1×1 convolution → affine coupling.</summary>
public sealed class FlowStep : FlowLayer
{
    private readonly ActNorm actnorm;
    private readonly InvertibleConv1x1 invconv;
    private readonly AffineCoupling coupling;

    public FlowStep(int channels, int hidden) : base(nameof(FlowStep))
    {
        actnorm = new ActNorm(channels);
        invconv = new InvertibleConv1x1(channels);
        coupling = new AffineCoupling(channels, hidden);
        RegisterComponents();
    }

    public override (Tensor Y, Tensor LogDet) forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var (h1, ld1) = actnorm.call(x);
        var (h2, ld2) = invconv.call(h1);
        var (y, ld3) = coupling.call(h2);
        var logDet = ld1.Plus(ld2).Plus(ld3);                                            // log-determinants of a composition add
        return (y.MoveToOuterDisposeScope(), logDet.MoveToOuterDisposeScope());
    }

    public override Tensor Reverse(Tensor y)
    {
        using var scope = torch.NewDisposeScope();
        var h2 = coupling.Reverse(y);
        var h1 = invconv.Reverse(h2);
        return actnorm.Reverse(h1).MoveToOuterDisposeScope();
    }
}
