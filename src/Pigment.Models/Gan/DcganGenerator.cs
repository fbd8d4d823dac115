using Pigment.Models.Layers;
using Conv2d = Pigment.Models.Layers.Conv2d;
using ConvTranspose2d = Pigment.Models.Layers.ConvTranspose2d;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Models.Gan;

/// <summary>
/// The DCGAN generator (Radford et al. 2016): z (times a label embedding when class-conditional) → Linear →
/// (w·2^(L−1), S/2^L, S/2^L) → BN–ReLU → L stride-2 transposed convolutions, each halving the channels and doubling
/// the resolution, with BN–ReLU between them → tanh, so images come out in [−1, 1]. L = 2 for 28×28 digits, 4 for
/// 64×64 colour images.
/// </summary>
public sealed class DcganGenerator : nn.Module<Tensor, Tensor?, Tensor>, IGanGenerator
{
    private readonly Embedding? label_embedding;
    private readonly Linear project;
    private readonly Sequential body;
    private readonly int _spatial;
    private readonly int _top;

    public DcganGenerator(GanConfig config) : base(nameof(DcganGenerator))
    {
        int levels = config.Levels, scale = 1 << config.Levels;
        if (levels < 1 || config.ImageSize % scale != 0)
            throw new Core.PigmentException($"The DCGAN needs an image size divisible by 2^levels = {scale}, not {config.ImageSize}.");
        Config = config;
        _spatial = config.ImageSize / scale;
        _top = config.Width << (levels - 1);
        if (config.NumClasses > 0)
            label_embedding = nn.Embedding(config.NumClasses, config.LatentDim);
        project = nn.Linear(config.LatentDim, _top * _spatial * _spatial);
        body = nn.Sequential(nn.BatchNorm2d(_top), nn.ReLU());
        for (int i = 0, channels = _top; i < levels; i++, channels /= 2)
        {
            bool last = i == levels - 1;
            body.append(new ConvTranspose2d(channels, last ? config.Channels : channels / 2, 4, stride: 2, padding: 1));
            if (!last)
                body.append(nn.BatchNorm2d(channels / 2)).append(nn.ReLU());
        }
        body.append(nn.Tanh());
        RegisterComponents();
    }

    public GanConfig Config { get; }

    public GanShape Shape => new(Config.ImageSize, Config.Channels, Config.LatentDim, Config.NumClasses > 0 ? Config.ClassNames : [], Config.Dataset);

    public nn.Module Network => this;

    public Tensor Draw(Tensor z, Tensor? labels, double? truncation = null) => call(z, labels);

    /// <param name="z">(B, latent) standard normal</param>
    /// <param name="labels">(B) class labels, or null for an unconditional generator</param>
    public override Tensor forward(Tensor z, Tensor? labels)
    {
        using var scope = torch.NewDisposeScope();
        var input = label_embedding is not null && labels is not null ? z * label_embedding.call(labels) : z;
        var h = project.call(input).reshape(-1, _top, _spatial, _spatial);
        return body.call(h).MoveToOuterDisposeScope();
    }
}
