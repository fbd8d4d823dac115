using Pigment.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Models.Diffusion;

/// <summary>Sinusoidal timestep features (Vaswani et al. 2017; Ho et al. 2020), for continuous t too.</summary>
public static class TimeEmbedding
{
    /// <summary>
    /// (B) timesteps → (B, dim): [sin(t·ω_0) … sin(t·ω_{d/2−1}), cos(t·ω_0) … cos(t·ω_{d/2−1})] with
    /// ω_i = 10000^(−i/(d/2)), computed in float32 and returned in <paramref name="dtype"/> (the network's: float32, or
    /// bfloat16 for a bfloat16 copy).
    /// </summary>
    public static Tensor Sinusoidal(Tensor t, int dim, ScalarType dtype = ScalarType.Float32)
    {
        using var scope = torch.NewDisposeScope();
        int half = dim / 2;
        using var end = half.ToScalar();
        var frequencies = torch.exp(torch.arange(end, dtype: ScalarType.Float32, device: t.device).Mul(-Math.Log(10000)).Div(half));
        var angles = t.to_type(ScalarType.Float32).unsqueeze(1) * frequencies.unsqueeze(0); // (B, half)
        return torch.cat([angles.sin(), angles.cos()], 1).to(dtype).MoveToOuterDisposeScope();
    }
}
