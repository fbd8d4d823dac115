using Pigment.Core;
using Pigment.Models.Gan;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Models.ProGan;

/// <summary>
/// The Progressive GAN generator (Karras et al. 2018): z, normalised to the unit sphere's scale, → an equalized linear
/// layer to a 4×4 grid → conv 3×3; then one block per doubling (nearest upsampling, two 3×3 convolutions), every
/// convolution followed by LeakyReLU(0.2) and pixel-wise feature normalisation. Each resolution has its own 1×1 toRGB.
/// While a new resolution fades in, the image is (1 − α)·upsample(toRGB of the previous block) + α·toRGB of the new one.
/// </summary>
public sealed class ProGanGenerator : nn.Module<Tensor, Tensor>, IGanGenerator
{
    private readonly EqualizedLinear input;
    private readonly EqualizedConv2d input_conv;
    private readonly ModuleList<Sequential> blocks;
    private readonly ModuleList<EqualizedConv2d> to_rgb;

    public ProGanGenerator(ProGanConfig config) : base(nameof(ProGanGenerator))
    {
        if (4 << (config.Stages - 1) != config.ImageSize)
            throw new PigmentException($"{config.Stages} widths grow 4×4 to {4 << (config.Stages - 1)}, not to the image size {config.ImageSize}.");
        Config = config;
        var widths = config.Widths;
        input = new EqualizedLinear(config.LatentDim, widths[0] * 16, gain: Math.Sqrt(2) / 4);
        input_conv = new EqualizedConv2d(widths[0], widths[0], 3, padding: 1);
        blocks = new ModuleList<Sequential>();
        for (int s = 1; s < config.Stages; s++)
            blocks.Add(nn.Sequential(new EqualizedConv2d(widths[s - 1], widths[s], 3, padding: 1), new EqualizedConv2d(widths[s], widths[s], 3, padding: 1)));
        to_rgb = new ModuleList<EqualizedConv2d>();
        for (int s = 0; s < config.Stages; s++)
            to_rgb.Add(new EqualizedConv2d(widths[s], config.Channels, 1, gain: 1));
        RegisterComponents();
        Point = GrowthPoint.Final(config);
    }

    public ProGanConfig Config { get; }

    public GanShape Shape => new(Config.ImageSize, Config.Channels, Config.LatentDim, [], Config.Dataset);

    public nn.Module Network => this;

    /// <summary>One pass at the current growth point; a Progressive GAN is unconditional.</summary>
    public Tensor Draw(Tensor z, Tensor? labels, double? truncation = null) =>
        labels is null ? call(z) : throw new PigmentException("A Progressive GAN is unconditional: it takes no labels.");

    /// <summary>The resolution drawn by <see cref="forward"/>: the trainer moves it as the network grows; sampling uses the final one.</summary>
    public GrowthPoint Point { get; set; }

    /// <param name="z">(B, latent) standard normal</param>
    /// <returns>(B, C, R, R) images at <see cref="Point"/>'s resolution, about [−1, 1] (no tanh, as in the paper)</returns>
    public override Tensor forward(Tensor z)
    {
        using var scope = torch.NewDisposeScope();
        var h = GanOps.PixelNorm(z.unsqueeze(-1).unsqueeze(-1)).flatten(1);
        h = Activate(input.call(h).reshape(-1, Config.Widths[0], 4, 4));
        h = Activate(input_conv.call(h));
        Tensor? previous = null;
        for (int s = 1; s <= Point.Stage; s++)
        {
            previous = h;
            h = nn.functional.interpolate(h, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest);
            foreach (var conv in blocks[s - 1].children().Cast<nn.Module<Tensor, Tensor>>())
                h = Activate(conv.call(h));
        }
        var image = to_rgb[Point.Stage].call(h);
        if (Point.Alpha < 1 && previous is not null)
        {
            var coarse = nn.functional.interpolate(to_rgb[Point.Stage - 1].call(previous), scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest);
            image = GanOps.Lerp(coarse, image, Point.Alpha);
        }
        return image.MoveToOuterDisposeScope();
    }

    private static Tensor Activate(Tensor x) => GanOps.PixelNorm(nn.functional.leaky_relu(x, 0.2));
}
