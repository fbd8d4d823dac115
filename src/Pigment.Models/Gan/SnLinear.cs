using Pigment.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Models.Gan;

/// <summary>A linear layer whose weight is spectrally normalised (see <see cref="SpectralNormalization"/>).</summary>
public sealed class SnLinear : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter? bias;
    private readonly Tensor u;

    public SnLinear(int inFeatures, int outFeatures, bool hasBias = true) : base(nameof(SnLinear))
    {
        using var template = nn.Linear(inFeatures, outFeatures, hasBias);
        weight = Parameters.CopyOf(template.weight!);
        bias = hasBias ? Parameters.CopyOf(template.bias!) : null;
        u = Parameters.RandomUnitVector(outFeatures);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var normalized = SpectralNormalization.Normalize(weight, u, training);
        return nn.functional.linear(x, normalized, bias);
    }
}
