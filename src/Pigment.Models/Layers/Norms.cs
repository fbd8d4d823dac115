using Pigment.Core;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Models.Layers;

/// <summary>Normalisation layers, created safely.</summary>
public static class Norms
{
    /// <summary>
    /// GroupNorm with weight = 1 and bias = 0. TorchSharp 0.107's nn.GroupNorm leaves both uninitialised
    /// (torch.empty): about one module in ten starts with values up to 1e38 or NaN, and training yields NaN
    /// from the first step. Always create GroupNorm through here.
    /// </summary>
    public static GroupNorm GroupNorm(int groups, int channels, double eps = 1e-5)
    {
        if (channels % groups != 0)
            throw new ArgumentException($"GroupNorm needs channels ({channels}) divisible by groups ({groups}).");
        var norm = nn.GroupNorm(groups, channels, eps);
        using (torch.no_grad())
        {
            norm.weight!.Fill_(1);
            norm.bias!.Fill_(0);
        }
        return norm;
    }

    /// <summary>LayerNorm over the last dimension with weight = 1 and bias = 0, set explicitly (as for GroupNorm).</summary>
    public static LayerNorm LayerNorm(int features, double eps = 1e-5)
    {
        var norm = nn.LayerNorm(features, eps);
        using (torch.no_grad())
        {
            norm.weight!.Fill_(1);
            norm.bias!.Fill_(0);
        }
        return norm;
    }

    /// <summary>The largest group count ≤ <paramref name="preferred"/> that divides <paramref name="channels"/>.</summary>
    public static int Groups(int channels, int preferred)
    {
        for (int g = Math.Min(preferred, channels); g > 1; g--)
            if (channels % g == 0)
                return g;
        return 1;
    }
}
