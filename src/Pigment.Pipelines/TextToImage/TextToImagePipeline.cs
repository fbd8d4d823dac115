using Pigment.Core;
using Pigment.Core.Checkpoints;
using Pigment.Core.Conditions;
using Pigment.Core.Diffusion;
using Pigment.Core.Imaging;
using Pigment.Models.Autoencoders;
using Pigment.Models.LatentDiffusion;
using Pigment.Models.TextEncoders;
using Pigment.Samplers;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Pipelines.TextToImage;

/// <summary>
/// Text-to-image as Stable Diffusion does it, in one readable loop: the prompt through the frozen text encoder; noise
/// in the autoencoder's latent space, denoised by the cross-attention UNet under classifier-free guidance (the
/// negative prompt in place of the empty one); the latents decoded to pixels. img2img starts from the encoded
/// image noised to the level `strength` picks; inpainting also puts the original's latents, re-noised, back outside
/// the mask after every step, and pastes the original pixels back outside the blurred mask after decoding.
/// </summary>
public sealed class TextToImagePipeline : IDisposable
{
    public const string FamilyName = "sd";

    public TextToImagePipeline(LatentDiffusionConfig config, AutoencoderKL autoencoder, ClipModel textEncoder, CrossAttentionUNet unet, Device device)
    {
        Config = config;
        Autoencoder = autoencoder;
        TextEncoder = textEncoder;
        Unet = unet;
        Device = device;
        Schedule = new NoiseSchedule(config.Schedule);
        foreach (var module in new nn.Module[] { autoencoder, textEncoder, unet })
            module.eval();
        _onnx = new Lazy<Onnx.OnnxRuntimeNetwork>(() => new Onnx.OnnxRuntimeNetwork(Unet.ToOnnx().ToBytes(), TorchRuntime.Threads));
        _bf16 = new Lazy<CrossAttentionUNet>(() => LowPrecision.BFloat16Copy(Unet, () => new CrossAttentionUNet(config.Unet), device));
    }

    /// <summary>The UNet exported to ONNX and run by ONNX Runtime, made on first use (<c>--backend onnx</c>).</summary>
    private readonly Lazy<Onnx.OnnxRuntimeNetwork> _onnx;

    /// <summary>A bfloat16 copy of the UNet, made on first use (<c>--backend bf16</c>).</summary>
    private readonly Lazy<CrossAttentionUNet> _bf16;

    public LatentDiffusionConfig Config { get; }

    public AutoencoderKL Autoencoder { get; }

    public ClipModel TextEncoder { get; }

    public CrossAttentionUNet Unet { get; }

    /// <summary>The UNet's bfloat16 copy (<see cref="InferenceBackend.Bf16"/>), made on first use.</summary>
    public CrossAttentionUNet BFloat16Unet => _bf16.Value;

    public Device Device { get; }

    public NoiseSchedule Schedule { get; }

    /// <summary>Width and height of the images.</summary>
    public int Size => Autoencoder.Config.ImageSize;

    /// <summary>Loads the three parts of a model folder: autoencoder, text_encoder, unet.</summary>
    public static TextToImagePipeline Load(ModelStore.ModelLocation location, Device device)
    {
        var ae = location.Part("autoencoder");
        var te = location.Part("text_encoder");
        var un = location.Part("unet");
        var autoencoder = new AutoencoderKL(ConfigJson.Load<AutoencoderConfig>(ae.ConfigFile));
        StateDict.Load(autoencoder, ae.WeightsFile);
        var clip = new ClipModel(ConfigJson.Load<TextEncoderConfig>(te.ConfigFile));
        StateDict.Load(clip, te.WeightsFile);
        var config = ConfigJson.Load<LatentDiffusionConfig>(un.ConfigFile);
        var unet = new CrossAttentionUNet(config.Unet);
        StateDict.Load(unet, un.WeightsFile);
        foreach (var module in new nn.Module[] { autoencoder, clip, unet })
            module.to(device);
        return new TextToImagePipeline(config, autoencoder, clip, unet, device);
    }

    /// <summary>The prompts encoded by the frozen text encoder, with the empty prompt's encoding as their ∅.</summary>
    public TextCondition Encode(IReadOnlyList<string> prompts)
    {
        var empty = EncodeText([""]);
        var encoding = EncodeText(prompts);
        return new TextCondition(prompts, encoding.States, encoding.Mask, encoding.Pooled,
            new TextCondition([""], empty.States, empty.Mask, empty.Pooled, null));
    }

    /// <summary>The frozen text encoder's encoding of prompts, as this UNet reads it (with word embeddings if it was trained so).</summary>
    public TextEncoding EncodeText(IReadOnlyList<string> prompts) => TextEncoder.EncodeText(prompts, Device, Config.WordEmbeddings);

    /// <summary>The network as the UNet sees a condition.</summary>
    private Tensor Predict(Tensor x, Tensor t, Conditioning condition)
    {
        var text = AsText(condition);
        return Unet.call(x, t, new TextEncoding(text.States, text.Mask, text.Pooled));
    }

    /// <summary><see cref="Predict"/> of the bfloat16 copy, for float32 inputs.</summary>
    private Tensor PredictBFloat16(Tensor x, Tensor t, Conditioning condition)
    {
        using var scope = torch.NewDisposeScope();
        var text = AsText(condition);
        var encoding = new TextEncoding(LowPrecision.In(text.States), text.Mask, LowPrecision.In(text.Pooled));
        return LowPrecision.Out(BFloat16Unet.call(LowPrecision.In(x), t, encoding), x).MoveToOuterDisposeScope();
    }

    /// <summary><see cref="Predict"/> through ONNX Runtime on the exported UNet.</summary>
    private Tensor PredictOnnx(Tensor x, Tensor t, Conditioning condition)
    {
        var text = AsText(condition);
        return _onnx.Value.Run(new Dictionary<string, Tensor>
        {
            ["x"] = x, ["t"] = Onnx.OnnxRuntimeNetwork.Timesteps(t, x.shape[0]), ["text_states"] = text.States, ["text_mask"] = text.Mask, ["text_pooled"] = text.Pooled,
        }).to(x.device);
    }

    private static TextCondition AsText(Conditioning condition) => condition as TextCondition
        ?? throw new PigmentException($"A text-to-image UNet takes prompts, not {condition.GetType().Name}.");

    /// <summary>The network that <paramref name="backend"/> names.</summary>
    private ConditionalPredictor Network(InferenceBackend backend) => backend switch
    {
        InferenceBackend.Onnx => PredictOnnx,
        InferenceBackend.Bf16 => PredictBFloat16,
        _ => Predict,
    };

    /// <summary>Latents (1, z, h, w) of an image (3, H, W) in [0, 1]: the posterior mean, scaled.</summary>
    public Tensor EncodeImage(Tensor image)
    {
        using var scope = torch.NewDisposeScope();
        using var inference = torch.inference_mode();
        var x = image.to(Device).reshape(1, image.shape[^3], image.shape[^2], image.shape[^1]).Mul(2).Sub(1);
        var (mean, _) = Autoencoder.Encode(x);
        return mean.Mul(Config.LatentScale).MoveToOuterDisposeScope();
    }

    /// <summary>Images (N, 3, H, W) in [0, 1] of latents in the model's (scaled) space.</summary>
    public Tensor DecodeLatents(Tensor latents)
    {
        using var scope = torch.NewDisposeScope();
        using var inference = torch.inference_mode();
        return Autoencoder.Decode(latents.to(Device).Div(Config.LatentScale)).Add(1).Div(2).Clamp(0.0, 1.0).cpu().MoveToOuterDisposeScope();
    }

    /// <summary>Generates <see cref="TextDraw.Count"/> images, (N, 3, H, W) in [0, 1] on the CPU.</summary>
    public Tensor Draw(TextDraw draw, Action<int, Tensor>? onStep = null, CancellationToken cancel = default)
    {
        using var scope = torch.NewDisposeScope();
        var prompts = Enumerable.Range(0, draw.Count).Select(draw.PromptOf).ToArray();
        var condition = Encode(prompts);
        var negative = draw.Negative is null ? null : Encode(Enumerable.Repeat(draw.Negative, draw.Count).ToArray());
        var c = Unet.Config;
        Tensor? blurred = null;
        var request = new Denoising(draw.Count, draw.Seed, draw.Sampler, draw.Options, [c.LatentChannels, c.LatentSize, c.LatentSize]);
        if (draw.Init is { } init)
        {
            request = request with { Start = EncodeImage(init), Strength = draw.Strength };
            if (draw.Mask is { } mask)
            {
                blurred = BlurMask(mask, draw.MaskBlur);                                         // (1, 1, H, W)
                // A latent is repainted if any pixel of its patch is: area-average, then > 0.
                var patch = nn.functional.avg_pool2d(blurred, Autoencoder.Config.Downsampling);
                request = request with { Paint = patch.GreaterThan(0).to(ScalarType.Float32) };
            }
        }
        var latents = DenoisingLoop.Run(request, Schedule, Device, (start, n) => NetworkOutput.AsEpsilon(
            Guidance.Guided(Network(draw.Backend), condition.Slice(start, n), negative?.Slice(start, n), draw.Guidance, draw.GuidanceRescale),
            Config.Prediction, Schedule), onStep, cancel);
        var images = DecodeLatents(latents);
        if (blurred is not null)
        {
            // Paste back (as AUTOMATIC1111): outside the blurred mask the original pixels, exactly.
            var original = draw.Init!.reshape(1, 3, Size, Size).cpu();
            var m = blurred.cpu();
            images = (images * m).Plus(original * torch.ones_like(m).sub_(m));
        }
        return images.MoveToOuterDisposeScope();
    }

    /// <summary>A mask (H, W) in [0, 1] as (1, 1, H, W), Gaussian-blurred with σ = <paramref name="pixels"/> (0: unchanged).</summary>
    public static Tensor BlurMask(Tensor mask, double pixels)
    {
        using var scope = torch.NewDisposeScope();
        var m = mask.reshape(1, 1, mask.shape[^2], mask.shape[^1]).to(ScalarType.Float32);
        if (pixels > 0)
            m = ConvolutionFilters.Apply(m, FilterKind.Gaussian, sigma: pixels);
        return m.MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        Autoencoder.Dispose();
        TextEncoder.Dispose();
        Unet.Dispose();
        if (_onnx.IsValueCreated)
            _onnx.Value.Dispose();
        if (_bf16.IsValueCreated)
            _bf16.Value.Dispose();
    }
}
