using Pigment.Core;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Models.Gan;

/// <summary>
/// The DCGAN discriminator: L stride-2 convolutions (w, 2w, 4w … channels) with LeakyReLU(0.2), flattened features
/// φ(x), and a logit
/// d(x) = wᵀφ(x) + b; class-conditional as a projection discriminator (Miyato &amp; Koyama 2018):
/// d(x, y) = wᵀφ(x) + b + embed(y)ᵀφ(x). Spectral normalisation is optional on every convolution.
/// </summary>
public sealed class DcganDiscriminator : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly SnConv2d conv1;
    private readonly SnConv2d conv2;
    private readonly ModuleList<SnConv2d> deeper;     // levels beyond the first two (64×64 images)
    private readonly Linear output;
    private readonly Embedding? projection;

    public DcganDiscriminator(GanConfig config) : base(nameof(DcganDiscriminator))
    {
        int w = config.Width, spatial = config.ImageSize >> config.Levels;
        if (config.Levels < 2)
            throw new PigmentException($"The DCGAN discriminator needs at least 2 levels, not {config.Levels}.");
        conv1 = new SnConv2d(config.Channels, w, 4, 2, 1, config.SpectralNorm);
        conv2 = new SnConv2d(w, 2 * w, 4, 2, 1, config.SpectralNorm);
        deeper = new ModuleList<SnConv2d>();
        for (int i = 2; i < config.Levels; i++)
            deeper.Add(new SnConv2d(w << (i - 1), w << i, 4, 2, 1, config.SpectralNorm));
        int features = (w << (config.Levels - 1)) * spatial * spatial;
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
        h = nn.functional.leaky_relu(conv2.call(h), 0.2);
        foreach (var conv in deeper)
            h = nn.functional.leaky_relu(conv.call(h), 0.2);
        var phi = h.flatten(1);                                                  // φ(x), (B, F)
        var logits = output.call(phi).squeeze(1);
        if (projection is not null && labels is not null)
            logits = logits.Plus((projection.call(labels) * phi).sum(1));           // + embed(y)ᵀ φ(x)
        return logits.MoveToOuterDisposeScope();
    }
}
