using Pigment.Models.Layers;
using Conv2d = Pigment.Models.Layers.Conv2d;
using ConvTranspose2d = Pigment.Models.Layers.ConvTranspose2d;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Models.Gan;

/// <summary>
/// The DCGAN generator (Radford et al. 2016), sized for 28×28 or 32×32: z (times a label embedding when
/// class-conditional) → Linear → (2w, S/4, S/4) → BN–ReLU → ConvT ×2 upsampling with BN–ReLU → tanh, so images
/// come out in [−1, 1].
/// </summary>
public sealed class DcganGenerator : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly Embedding? label_embedding;
    private readonly Linear project;
    private readonly Sequential body;
    private readonly int _spatial;

    public DcganGenerator(GanConfig config) : base(nameof(DcganGenerator))
    {
        if (config.ImageSize % 4 != 0)
            throw new Core.PigmentException($"The DCGAN needs an image size divisible by 4, not {config.ImageSize}.");
        Config = config;
        int w = config.Width;
        _spatial = config.ImageSize / 4;
        if (config.NumClasses > 0)
            label_embedding = nn.Embedding(config.NumClasses, config.LatentDim);
        project = nn.Linear(config.LatentDim, 2 * w * _spatial * _spatial);
        body = nn.Sequential(
            nn.BatchNorm2d(2 * w), nn.ReLU(),
            new ConvTranspose2d(2 * w, w, 4, stride: 2, padding: 1), nn.BatchNorm2d(w), nn.ReLU(),    // S/2
            new ConvTranspose2d(w, config.Channels, 4, stride: 2, padding: 1), nn.Tanh());           // S
        RegisterComponents();
    }

    public GanConfig Config { get; }

    /// <param name="z">(B, latent) standard normal</param>
    /// <param name="labels">(B) class labels, or null for an unconditional generator</param>
    public override Tensor forward(Tensor z, Tensor? labels)
    {
        using var scope = torch.NewDisposeScope();
        var input = label_embedding is not null && labels is not null ? z * label_embedding.call(labels) : z;
        var h = project.call(input).reshape(-1, 2 * Config.Width, _spatial, _spatial);
        return body.call(h).MoveToOuterDisposeScope();
    }
}
