using Pigment.Models.Layers;
using Conv2d = Pigment.Models.Layers.Conv2d;
using ConvTranspose2d = Pigment.Models.Layers.ConvTranspose2d;
using Pigment.Core;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Models.PixelCnn;

/// <summary>
/// A Gated PixelCNN: p(x) = ∏_i p(x_i | x_1 … x_{i−1}) over the pixels in raster order (van den Oord et al. 2016).
/// A stack of <see cref="GatedBlock"/>s (type A first, then type B) and a 1 × 1 head on the horizontal stack that
/// gives, at every pixel, the logits of its distribution given all earlier pixels — for all pixels in one pass.
/// Inputs are images in [0, 1] (binary for a Bernoulli model, multiples of 1/255 for a categorical one).
/// </summary>
public sealed class GatedPixelCnn : nn.Module
{
    private readonly ModuleList<GatedBlock> blocks;
    private readonly Conv2d head_hidden;
    private readonly Conv2d head_out;

    public GatedPixelCnn(PixelCnnConfig config) : base(nameof(GatedPixelCnn))
    {
        Validate(config);
        Config = config;
        blocks = new ModuleList<GatedBlock>();
        for (int l = 0; l < config.Layers; l++)
        {
            bool first = l == 0;
            blocks.Add(new GatedBlock(first ? config.InChannels : config.Channels, config.Channels,
                first ? config.FirstKernel : config.Kernel, first, config.NumClasses));
        }
        head_hidden = new Conv2d(config.Channels, config.HeadChannels, 1);
        head_out = new Conv2d(config.HeadChannels, config.InChannels * LogitsPerPixel(config.Output), 1);
        RegisterComponents();
    }

    public PixelCnnConfig Config { get; }

    public bool Conditional => Config.NumClasses > 0;

    /// <summary>
    /// How many rows above a pixel its logits can depend on: the first layer's vertical kernel reaches k₁/2 rows up,
    /// each later layer k/2 more, and the shift into the horizontal stack one more: R = k₁/2 + (L − 1) k/2 + 1.
    /// </summary>
    public int ReceptiveRows => Config.FirstKernel / 2 + (Config.Layers - 1) * (Config.Kernel / 2) + 1;

    /// <summary>Logits per pixel: 1 (Bernoulli, σ(l) = p(x_i = 1)) or 256 (one per 8-bit value).</summary>
    public static int LogitsPerPixel(PixelCnnOutput output) => output == PixelCnnOutput.Bernoulli ? 1 : 256;

    public static void Validate(PixelCnnConfig config)
    {
        if (config.InChannels != 1)
            throw new PigmentException($"The PixelCNN models grayscale images (1 channel), not {config.InChannels} channels.");
        if (config.Channels < 1 || config.Layers < 1 || config.HeadChannels < 1)
            throw new PigmentException("A PixelCNN needs at least one layer, one channel and one head channel.");
        if (config.FirstKernel < 3 || config.FirstKernel % 2 == 0 || config.Kernel < 1 || config.Kernel % 2 == 0)
            throw new PigmentException($"PixelCNN kernels must be odd (the first at least 3), not {config.FirstKernel} and {config.Kernel}.");
    }

    /// <summary>
    /// Logits (B, L, H, W) for images (B, 1, H, W) in [0, 1]: L = 1 (Bernoulli; p(x_i = 1 | x_&lt;i) = σ(logit)) or
    /// 256 (categorical). Any number of rows works: the logits of row i depend on rows ≤ i only, so a crop of the
    /// first rows gives exactly the logits of those rows.
    /// </summary>
    public Tensor Logits(Tensor x, Tensor? labels)
    {
        if (Conditional != labels is not null)
            throw new PigmentException(Conditional ? "This PixelCNN is class-conditional: it needs labels." : "This PixelCNN is unconditional: it takes no labels.");
        using var scope = torch.NewDisposeScope();
        // [0, 1] → [−1, 1]; padding reads as 0. The Scalars are held explicitly: an implicit one (x * 2) can be
        // finalised by the GC during the native call in TorchSharp 0.107 ("Unknown scalar type", seen in training).
        using var two = 2.0.ToScalar();
        using var one = 1.0.ToScalar();
        var input = x.mul(two).sub(one);
        Tensor v = input, h = input;
        foreach (var block in blocks)
            (v, h) = block.Forward(v, h, labels);
        var hidden = nn.functional.relu(head_hidden.call(nn.functional.relu(h)));
        return head_out.call(hidden).MoveToOuterDisposeScope();
    }

    /// <summary>−log p(x | y) in nats for each image, (B): Σ_i −log p(x_i | x_&lt;i), exact.</summary>
    public Tensor NegativeLogLikelihood(Tensor x, Tensor? labels)
    {
        using var scope = torch.NewDisposeScope();
        var logits = Logits(x, labels);
        Tensor perPixel;
        if (Config.Output == PixelCnnOutput.Bernoulli)
        {
            // −log Bern(x_i; σ(l_i)) = BCE-with-logits(l_i, x_i)
            perPixel = nn.functional.binary_cross_entropy_with_logits(logits, x, reduction: nn.Reduction.None);
        }
        else
        {
            // −log softmax(l_i)[v_i] with v_i = round(255 x_i) the pixel's 8-bit value
            var values = x.Mul(255).round().to_type(ScalarType.Int64);           // (B, 1, H, W)
            perPixel = -logits.log_softmax(1).gather(1, values);
        }
        return perPixel.flatten(1).sum(1).MoveToOuterDisposeScope();
    }
}
