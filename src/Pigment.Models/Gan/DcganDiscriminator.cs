using Pigment.Core;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Models.Gan;

/// <summary>
/// The DCGAN discriminator: two stride-2 convolutions with LeakyReLU(0.2), flattened features φ(x), and a logit
/// d(x) = wᵀφ(x) + b; class-conditional as a projection discriminator (Miyato &amp; Koyama 2018):
/// d(x, y) = wᵀφ(x) + b + embed(y)ᵀφ(x). Spectral normalisation is optional on every convolution.
/// </summary>
public sealed class DcganDiscriminator : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly SnConv2d conv1;
    private readonly SnConv2d conv2;
    private readonly Linear output;
    private readonly Embedding? projection;

    public DcganDiscriminator(GanConfig config) : base(nameof(DcganDiscriminator))
    {
        int w = config.Width, spatial = config.ImageSize / 4;
        conv1 = new SnConv2d(config.Channels, w, 4, 2, 1, config.SpectralNorm);
        conv2 = new SnConv2d(w, 2 * w, 4, 2, 1, config.SpectralNorm);
        int features = 2 * w * spatial * spatial;
        output = nn.Linear(features, 1);
        if (config.NumClasses > 0)
            projection = nn.Embedding(config.NumClasses, features);
        RegisterComponents();
    }

    /// <returns>logits (B)</returns>
    public override Tensor forward(Tensor x, Tensor? labels)
    {
        using var scope = torch.NewDisposeScope();
        var h = nn.functional.leaky_relu(conv1.call(x), 0.2);
        var phi = nn.functional.leaky_relu(conv2.call(h), 0.2).flatten(1);     // φ(x), (B, F)
        var logits = output.call(phi).squeeze(1);
        if (projection is not null && labels is not null)
            logits = logits.Plus((projection.call(labels) * phi).sum(1));           // + embed(y)ᵀ φ(x)
        return logits.MoveToOuterDisposeScope();
    }
}
