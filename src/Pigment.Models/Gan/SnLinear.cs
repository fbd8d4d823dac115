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
        weight = new Parameter(template.weight!.detach().clone());
        bias = hasBias ? new Parameter(template.bias!.detach().clone()) : null;
        u = nn.functional.normalize(torch.randn(outFeatures), dim: 0);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var normalized = SpectralNormalization.Normalize(weight, u, training);
        return nn.functional.linear(x, normalized, bias);
    }
}
