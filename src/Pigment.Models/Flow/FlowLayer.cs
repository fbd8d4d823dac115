using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Models.Flow;

/// <summary>
/// One invertible layer of a flow: forward maps x → (y, log |det ∂y/∂x| per image, shape (B)); Reverse maps y → x.
/// </summary>
public abstract class FlowLayer : nn.Module<Tensor, (Tensor Y, Tensor LogDet)>
{
    protected FlowLayer(string name) : base(name)
    {
    }

    /// <summary>The inverse: x = f⁻¹(y).</summary>
    public abstract Tensor Reverse(Tensor y);
}
