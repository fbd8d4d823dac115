using Pigment.Core;
using Pigment.Models.Gan;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Models.StyleGan;

/// <summary>
/// The StyleGAN2 generator (Karras et al. 2019, 2020), small. A mapping network (pixel norm, then equalized linear
/// layers with LeakyReLU at a 100× lower learning rate) turns z into w. The synthesis network starts from a learned
/// constant 4×4 input; at each resolution modulated, demodulated 3×3 convolutions (the first after a 2× upsampling)
/// are driven by w, each followed by per-pixel noise times a learned strength, a bias and LeakyReLU(0.2); a modulated
/// 1×1 toRGB (no demodulation) at each resolution adds into the upsampled image of the ones before (the skip
/// generator). Layer l reads style w_l of <see cref="Synthesize"/>'s (B, L, D) input, so styles can be mixed.
/// The truncation trick w′ = w̄ + ψ(w − w̄) uses w̄, the mean w tracked during training. Noise is random in training
/// and a fixed per-layer image when drawing (the official code's "const" noise), so image i depends on z_i alone.
/// </summary>
public sealed class StyleGanGenerator : nn.Module<Tensor, Tensor>, IGanGenerator
{
    private readonly ModuleList<EqualizedLinear> mapping;
    private readonly Parameter constant;
    private readonly ModuleList<ModulatedConv2d> convs;
    private readonly ModuleList<ModulatedConv2d> to_rgb;
    private readonly ParameterList noise_strength;
    private readonly ParameterList conv_bias;
    private readonly ParameterList rgb_bias;
    private readonly Tensor w_average;
    private readonly List<Tensor> _noiseConst = [];     // fixed noise of each layer for drawing (buffers noise_const_L)

    public StyleGanGenerator(StyleGanConfig config) : base(nameof(StyleGanGenerator))
    {
        if (4 << (config.Stages - 1) != config.ImageSize)
            throw new PigmentException($"{config.Stages} widths grow 4×4 to {4 << (config.Stages - 1)}, not to the image size {config.ImageSize}.");
        Config = config;
        int d = config.LatentDim;
        var widths = config.Widths;
        mapping = new ModuleList<EqualizedLinear>();
        for (int i = 0; i < config.MappingLayers; i++)
            mapping.Add(new EqualizedLinear(d, d, learningRateMultiplier: 0.01));
        constant = new Parameter(torch.randn(1, widths[0], 4, 4));
        convs = new ModuleList<ModulatedConv2d>();
        to_rgb = new ModuleList<ModulatedConv2d>();
        noise_strength = new ParameterList();
        conv_bias = new ParameterList();
        rgb_bias = new ParameterList();
        using var noiseGenerator = new torch.Generator(20190101);
        for (int s = 0; s < config.Stages; s++)
        {
            int resolution = 4 << s;
            foreach (var (inCh, outCh) in s == 0 ? new[] { (widths[0], widths[0]) } : new[] { (widths[s - 1], widths[s]), (widths[s], widths[s]) })
            {
                convs.Add(new ModulatedConv2d(inCh, outCh, 3, d));
                noise_strength.Add(new Parameter(torch.zeros(1)));
                conv_bias.Add(new Parameter(torch.zeros(1, outCh, 1, 1)));
                _noiseConst.Add(torch.randn([1, 1, resolution, resolution], generator: noiseGenerator));
            }
            to_rgb.Add(new ModulatedConv2d(widths[s], config.Channels, 1, d, demodulate: false));
            rgb_bias.Add(new Parameter(torch.zeros(1, config.Channels, 1, 1)));
        }
        w_average = torch.zeros(d);
        RegisterComponents();
        for (int l = 0; l < _noiseConst.Count; l++)
            register_buffer($"noise_const_{l}", _noiseConst[l]);
    }

    public StyleGanConfig Config { get; }

    /// <summary>ψ of the truncation trick for <see cref="forward"/>: 1 draws w as mapped, 0 always w̄.</summary>
    public double Truncation { get; set; } = 1;

    /// <summary>w̄, the tracked mean of w (saved with the weights).</summary>
    public Tensor WAverage => w_average;

    public GanShape Shape => new(Config.ImageSize, Config.Channels, Config.LatentDim, [], Config.Dataset);

    public nn.Module Network => this;

    public bool Truncatable => true;

    /// <param name="truncation">ψ: w′ = w̄ + ψ (w − w̄); null (or 1) draws without truncation</param>
    public Tensor Draw(Tensor z, Tensor? labels, double? truncation = null)
    {
        if (labels is not null)
            throw new PigmentException("This StyleGAN is unconditional: it takes no labels.");
        double previous = Truncation;
        Truncation = truncation ?? 1;
        try
        {
            return call(z);
        }
        finally
        {
            Truncation = previous;
        }
    }

    /// <summary>The mapping network: w = f(z), (B, D).</summary>
    public Tensor Map(Tensor z)
    {
        using var scope = torch.NewDisposeScope();
        var h = GanOps.PixelNorm(z.unsqueeze(-1).unsqueeze(-1)).flatten(1);
        foreach (var layer in mapping)
            h = nn.functional.leaky_relu(layer.call(h), 0.2);
        return h.MoveToOuterDisposeScope();
    }

    /// <summary>w̄ + ψ(w − w̄).</summary>
    public Tensor Truncate(Tensor w, double psi) => GanOps.Lerp(w_average.expand_as(w), w, psi);

    /// <summary>w̄ ← w̄ + (1 − β)(mean of the batch's w − w̄), in training.</summary>
    public void TrackAverage(Tensor w)
    {
        using var noGrad = torch.no_grad();
        using var mean = w.detach().mean([0]);
        using var moved = GanOps.Lerp(mean, w_average, Config.WAverageBeta);
        w_average.copy_(moved);
    }

    /// <summary>The synthesis network on per-layer styles (B, <see cref="StyleGanConfig.StyleCount"/>, D).</summary>
    public Tensor Synthesize(Tensor ws)
    {
        using var scope = torch.NewDisposeScope();
        long batch = ws.shape[0];
        var h = constant.expand(batch, -1, -1, -1);
        Tensor? image = null;
        int layer = 0;
        for (int s = 0; s < Config.Stages; s++)
        {
            for (int c = 0; c < (s == 0 ? 1 : 2); c++, layer++)
            {
                if (c == 0 && s > 0)
                    h = nn.functional.interpolate(h, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest);
                h = convs[layer].call(h, ws[.., layer]);
                var noise = training
                    ? torch.randn([batch, 1, h.shape[2], h.shape[3]])
                    : _noiseConst[layer].expand(batch, -1, -1, -1);
                h = nn.functional.leaky_relu(h.Plus(noise.mul(noise_strength[layer])).Plus(conv_bias[layer]), 0.2);
            }
            var rgb = to_rgb[s].call(h, ws[.., layer]).Plus(rgb_bias[s]);          // toRGB reads the next layer's style
            image = image is null ? rgb
                : nn.functional.interpolate(image, scale_factor: [2.0, 2.0], mode: InterpolationMode.Bilinear, align_corners: false).Plus(rgb);
        }
        return image!.MoveToOuterDisposeScope();
    }

    /// <summary>z → w → (truncated with <see cref="Truncation"/>) the same w at every layer → image, about [−1, 1].</summary>
    public override Tensor forward(Tensor z)
    {
        using var scope = torch.NewDisposeScope();
        var w = Map(z);
        if (Truncation != 1)
            w = Truncate(w, Truncation);
        var ws = w.unsqueeze(1).expand(-1, Config.StyleCount, -1);
        return Synthesize(ws).MoveToOuterDisposeScope();
    }
}
