using Pigment.Models.Layers;
using Conv2d = Pigment.Models.Layers.Conv2d;
using ConvTranspose2d = Pigment.Models.Layers.ConvTranspose2d;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

using Pigment.Core;
using Pigment.Core.Conditions;

namespace Pigment.Models.Diffusion;

/// <summary>
/// The diffusion UNet (after Ho et al. 2020 and Nichol &amp; Dhariwal 2021): a sinusoidal time embedding through
/// an MLP, plus an optional label embedding; an encoder of ResNet blocks with stride-2 downsampling, a middle of
/// ResBlock–attention–ResBlock, and a decoder that concatenates the encoder's skip activations; self-attention at
/// the configured levels. Predicts ε (or v) with the input's shape.
/// </summary>
public sealed class UNet : nn.Module<Tensor, Tensor, Tensor?, Tensor>
{
    private readonly Sequential time_mlp;
    private readonly Embedding? label_embedding;
    private readonly Conv2d input_conv;
    private readonly ModuleList<nn.Module> down;
    private readonly ResBlock mid_block1;
    private readonly SelfAttention2d mid_attention;
    private readonly ResBlock mid_block2;
    private readonly ModuleList<nn.Module> up;
    private readonly GroupNorm output_norm;
    private readonly Conv2d output_conv;

    private readonly int _timeFeatures;

    public UNet(UNetConfig config) : base(nameof(UNet))
    {
        config.Validate();
        Config = config;
        int ch = config.BaseChannels, emb = 4 * ch, groups = config.NormGroups;
        _timeFeatures = ch;
        time_mlp = nn.Sequential(nn.Linear(ch, emb), nn.SiLU(), nn.Linear(emb, emb));
        if (config.NumClasses > 0)
            label_embedding = nn.Embedding(config.NumClasses + 1, emb); // + the null label
        input_conv = new Conv2d(config.InChannels, ch, 3, padding: 1);

        // Encoder: remember the channels of every activation pushed on the skip stack.
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
                if (config.AttentionLevels.Contains(level))
                    down.Add(new SelfAttention2d(current, config.AttentionHeads, groups));
                skipChannels.Add(current);
            }
            if (level < config.ChannelMultipliers.Count - 1)
            {
                down.Add(new Downsample(current));
                skipChannels.Add(current);
            }
        }

        mid_block1 = new ResBlock(current, current, emb, config.Dropout, groups);
        mid_attention = new SelfAttention2d(current, config.AttentionHeads, groups);
        mid_block2 = new ResBlock(current, current, emb, config.Dropout, groups);

        // Decoder: one more block per level than the encoder, each taking one skip activation.
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
                if (config.AttentionLevels.Contains(level))
                    up.Add(new SelfAttention2d(current, config.AttentionHeads, groups));
            }
            if (level > 0)
                up.Add(new Upsample(current));
        }

        output_norm = Layers.Norms.GroupNorm(Layers.Norms.Groups(current, groups), current);
        output_conv = new Conv2d(current, config.InChannels, 3, padding: 1);
        using (torch.no_grad())
        {
            output_conv.weight!.zero_();
            output_conv.bias!.zero_();
        }
        RegisterComponents();
    }

    public UNetConfig Config { get; }

    /// <summary>The network's output for a <see cref="Conditioning"/>: class labels (the null label for ∅) or none.</summary>
    public Tensor Predict(Tensor x, Tensor t, Conditioning condition)
    {
        switch (condition)
        {
            case Unconditioned:
                return forward(x, t, null);
            case ClassCondition classes when label_embedding is not null:
                using (var labels = classes.ToTensor(x.device))
                    return forward(x, t, labels);
            default:
                throw new PigmentException($"This UNet takes {(label_embedding is null ? "no condition" : "class labels")}, not {condition.GetType().Name}.");
        }
    }

    /// <param name="x">noisy images x_t, (B, C, H, W)</param>
    /// <param name="t">timesteps (B), integer or continuous</param>
    /// <param name="labels">class labels (B) as int64, the null label for "unconditional"; null when the model has no classes</param>
    public override Tensor forward(Tensor x, Tensor t, Tensor? labels)
    {
        using var scope = torch.NewDisposeScope();
        var emb = time_mlp.call(TimeEmbedding.Sinusoidal(t, _timeFeatures, x.dtype));          // (B, E)
        if (label_embedding is not null)
        {
            labels ??= ScalarMath.Full([x.shape[0]], (long)Config.NullLabel, ScalarType.Int64, x.device);
            emb = emb.Plus(label_embedding.call(labels));
        }

        var h = input_conv.call(x);
        var skips = new Stack<Tensor>();
        skips.Push(h);
        foreach (var module in down)
        {
            h = Apply(module, h, emb);
            if (module is SelfAttention2d)
                skips.Pop(); // the attention output replaces its ResBlock's entry
            skips.Push(h);
        }

        h = mid_block2.call(mid_attention.call(mid_block1.call(h, emb)), emb);

        foreach (var module in up)
        {
            if (module is ResBlock)
                h = torch.cat([h, skips.Pop()], 1);
            h = Apply(module, h, emb);
        }
        return output_conv.call(nn.functional.silu(output_norm.call(h))).MoveToOuterDisposeScope();
    }

    private static Tensor Apply(nn.Module module, Tensor h, Tensor emb) => module switch
    {
        ResBlock block => block.call(h, emb),
        nn.Module<Tensor, Tensor> layer => layer.call(h),
        _ => throw new InvalidOperationException($"Unexpected module {module.GetType().Name} in the UNet."),
    };

    /// <summary>
    /// The network as an ONNX graph (opset 17): inputs x (B, C, H, W) float, t (B) float timesteps and, for a
    /// class-conditional model, labels (B) int64 (the null label for ∅); output the prediction, x's shape.
    /// </summary>
    public Onnx.OnnxGraph ToOnnx()
    {
        var g = new Onnx.OnnxGraph("pigment-unet");
        var o = new Onnx.OnnxLayers(g, this);
        long c = Config.InChannels, size = Config.ImageSize;
        string[] names = ["batch", "", "", ""];
        var x = g.Input("x", Onnx.OnnxGraph.ElementType.Float, [null, c, size, size], names);
        var t = g.Input("t", Onnx.OnnxGraph.ElementType.Float, [null], names);
        var emb = o.Linear("time_mlp.2", o.SiLU(o.Linear("time_mlp.0", o.Sinusoidal(t, _timeFeatures))));
        if (label_embedding is not null)
        {
            var labels = g.Input("labels", Onnx.OnnxGraph.ElementType.Int64, [null], names);
            emb = o.Add(emb, g.Node("Gather", [o.Weight("label_embedding.weight"), labels], [new("axis", Int: 0)]));
        }
        string Emit(nn.Module module, string prefix, string h) => module switch
        {
            ResBlock block => block.ToOnnx(o, prefix, h, emb),
            SelfAttention2d attention => attention.ToOnnx(o, prefix, h),
            Downsample => Downsample.ToOnnx(o, prefix, h),
            Upsample => Upsample.ToOnnx(o, prefix, h),
            _ => throw new InvalidOperationException($"Unexpected module {module.GetType().Name} in the UNet."),
        };
        var h = Onnx.UNetOnnxWalk.Run(o, down, up, o.Conv("input_conv", x), Emit,
            m => mid_block2.ToOnnx(o, "mid_block2", mid_attention.ToOnnx(o, "mid_attention", mid_block1.ToOnnx(o, "mid_block1", m, emb)), emb));
        int outChannels = Config.BaseChannels * Config.ChannelMultipliers[0];
        var y = o.Conv("output_conv", o.SiLU(o.GroupNorm("output_norm", h, Layers.Norms.Groups(outChannels, Config.NormGroups), 1e-5f)));
        g.Output(y, "prediction", Onnx.OnnxGraph.ElementType.Float, [null, c, size, size], names);
        return g;
    }
}
