using Pigment.Core;
using Pigment.Models.Diffusion;
using Pigment.Models.Layers;
using Pigment.Models.TextEncoders;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Conv2d = Pigment.Models.Layers.Conv2d;
using Upsample = Pigment.Models.Diffusion.Upsample;

namespace Pigment.Models.LatentDiffusion;

/// <summary>
/// The denoiser of latent diffusion (Rombach et al. 2022): the UNet of <see cref="UNet"/> on latents, with a
/// <see cref="SpatialTransformer"/> after the ResNet blocks of the configured levels and in the middle, whose
/// cross-attention reads the frozen text encoder's per-token states. The time embedding gets the prompt's pooled
/// embedding added (as SDXL and Imagen do), so global facts ("on a black background", "three") reach every block.
/// Predicts ε or v with the latents' shape.
/// </summary>
public sealed class CrossAttentionUNet : nn.Module<Tensor, Tensor, TextEncoding, Tensor>
{
    private readonly Sequential time_mlp;
    private readonly Linear pooled_proj;
    private readonly Conv2d input_conv;
    private readonly ModuleList<nn.Module> down;
    private readonly ResBlock mid_block1;
    private readonly SpatialTransformer mid_transformer;
    private readonly ResBlock mid_block2;
    private readonly ModuleList<nn.Module> up;
    private readonly GroupNorm output_norm;
    private readonly Conv2d output_conv;
    private readonly int _timeFeatures;

    public CrossAttentionUNet(CrossAttentionUNetConfig config) : base(nameof(CrossAttentionUNet))
    {
        config.Validate();
        Config = config;
        int ch = config.BaseChannels, emb = 4 * ch, groups = config.NormGroups;
        _timeFeatures = ch;
        time_mlp = nn.Sequential(nn.Linear(ch, emb), nn.SiLU(), nn.Linear(emb, emb));
        pooled_proj = nn.Linear(config.PooledDim, emb);
        input_conv = new Conv2d(config.LatentChannels, ch, 3, padding: 1);
        SpatialTransformer Transformer(int channels) => new(channels, config.ContextDim, config.HeadChannels, groups);

        down = new ModuleList<nn.Module>();
        var skipChannels = new List<int> { ch };
        int current = ch;
        for (int level = 0; level < config.ChannelMultipliers.Count; level++)
        {
            int outCh = ch * config.ChannelMultipliers[level];
            for (int i = 0; i < config.ResBlocksPerLevel; i++)
            {
                down.Add(new ResBlock(current, outCh, emb, config.Dropout, groups));
                current = outCh;
                if (config.TransformerLevels.Contains(level))
                    down.Add(Transformer(current));
                skipChannels.Add(current);
            }
            if (level < config.ChannelMultipliers.Count - 1)
            {
                down.Add(new Downsample(current));
                skipChannels.Add(current);
            }
        }

        mid_block1 = new ResBlock(current, current, emb, config.Dropout, groups);
        mid_transformer = Transformer(current);
        mid_block2 = new ResBlock(current, current, emb, config.Dropout, groups);

        up = new ModuleList<nn.Module>();
        for (int level = config.ChannelMultipliers.Count - 1; level >= 0; level--)
        {
            int outCh = ch * config.ChannelMultipliers[level];
            for (int i = 0; i <= config.ResBlocksPerLevel; i++)
            {
                int skip = skipChannels[^1];
                skipChannels.RemoveAt(skipChannels.Count - 1);
                up.Add(new ResBlock(current + skip, outCh, emb, config.Dropout, groups));
                current = outCh;
                if (config.TransformerLevels.Contains(level))
                    up.Add(Transformer(current));
            }
            if (level > 0)
                up.Add(new Upsample(current));
        }

        output_norm = Norms.GroupNorm(Norms.Groups(current, groups), current);
        output_conv = new Conv2d(current, config.LatentChannels, 3, padding: 1);
        using (torch.no_grad())
        {
            output_conv.weight!.zero_();
            output_conv.bias!.zero_();
        }
        RegisterComponents();
    }

    public CrossAttentionUNetConfig Config { get; }

    /// <param name="x">noisy latents z_t, (B, z, h, w)</param>
    /// <param name="t">timesteps (B), integer or continuous</param>
    /// <param name="text">the prompts' encoding: states (B, L, D), mask (B, L), pooled (B, E)</param>
    public override Tensor forward(Tensor x, Tensor t, TextEncoding text)
    {
        using var scope = torch.NewDisposeScope();
        var emb = time_mlp.call(TimeEmbedding.Sinusoidal(t, _timeFeatures, x.dtype)).Plus(pooled_proj.call(text.Pooled));   // (B, E)

        var h = input_conv.call(x);
        var skips = new Stack<Tensor>();
        skips.Push(h);
        foreach (var module in down)
        {
            h = Apply(module, h, emb, text);
            if (module is SpatialTransformer)
                skips.Pop();                                       // the transformer's output replaces its ResBlock's entry
            skips.Push(h);
        }

        h = mid_block2.call(mid_transformer.call(mid_block1.call(h, emb), text.States, text.Mask), emb);

        foreach (var module in up)
        {
            if (module is ResBlock)
                h = torch.cat([h, skips.Pop()], 1);
            h = Apply(module, h, emb, text);
        }
        return output_conv.call(nn.functional.silu(output_norm.call(h))).MoveToOuterDisposeScope();
    }

    private static Tensor Apply(nn.Module module, Tensor h, Tensor emb, TextEncoding text) => module switch
    {
        ResBlock block => block.call(h, emb),
        SpatialTransformer transformer => transformer.call(h, text.States, text.Mask),
        nn.Module<Tensor, Tensor> layer => layer.call(h),
        _ => throw new InvalidOperationException($"Unexpected module {module.GetType().Name} in the UNet."),
    };

    /// <summary>
    /// The denoiser as an ONNX graph (opset 17): inputs x (B, z, h, w), t (B) float timesteps, text_states (B, L, D),
    /// text_mask (B, L) bool (true at real tokens) and text_pooled (B, E); output the prediction, x's shape.
    /// </summary>
    public Onnx.OnnxGraph ToOnnx()
    {
        var g = new Onnx.OnnxGraph("pigment-cross-attention-unet");
        var o = new Onnx.OnnxLayers(g, this);
        long c = Config.LatentChannels, size = Config.LatentSize;
        string[] names = ["batch", "tokens", "", ""];
        string[] image = ["batch", "", "", ""];
        var x = g.Input("x", Onnx.OnnxGraph.ElementType.Float, [null, c, size, size], image);
        var t = g.Input("t", Onnx.OnnxGraph.ElementType.Float, [null], image);
        var states = g.Input("text_states", Onnx.OnnxGraph.ElementType.Float, [null, null, Config.ContextDim], names);
        var mask = o.AdditiveMask(g.Input("text_mask", Onnx.OnnxGraph.ElementType.Bool, [null, null], names));
        var pooled = g.Input("text_pooled", Onnx.OnnxGraph.ElementType.Float, [null, Config.PooledDim], image);
        var emb = o.Add(o.Linear("time_mlp.2", o.SiLU(o.Linear("time_mlp.0", o.Sinusoidal(t, _timeFeatures)))), o.Linear("pooled_proj", pooled));
        string Emit(nn.Module module, string prefix, string h) => module switch
        {
            ResBlock block => block.ToOnnx(o, prefix, h, emb),
            SpatialTransformer transformer => transformer.ToOnnx(o, prefix, h, states, mask),
            Diffusion.Downsample => Diffusion.Downsample.ToOnnx(o, prefix, h),
            Upsample => Upsample.ToOnnx(o, prefix, h),
            _ => throw new InvalidOperationException($"Unexpected module {module.GetType().Name} in the UNet."),
        };
        var h = Onnx.UNetOnnxWalk.Run(o, down, up, o.Conv("input_conv", x), Emit,
            m => mid_block2.ToOnnx(o, "mid_block2", mid_transformer.ToOnnx(o, "mid_transformer", mid_block1.ToOnnx(o, "mid_block1", m, emb), states, mask), emb));
        int outChannels = Config.BaseChannels * Config.ChannelMultipliers[0];
        var y = o.Conv("output_conv", o.SiLU(o.GroupNorm("output_norm", h, Layers.Norms.Groups(outChannels, Config.NormGroups), 1e-5f)));
        g.Output(y, "prediction", Onnx.OnnxGraph.ElementType.Float, [null, c, size, size], image);
        return g;
    }
}
