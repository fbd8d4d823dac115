using Pigment.Core;
using Pigment.Core.Checkpoints;
using Pigment.Core.Conditions;
using Pigment.Core.Diffusion;
using Pigment.Models.Diffusion;
using Pigment.Samplers;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Pipelines;

/// <summary>
/// Pixel-space diffusion: a trained UNet joined to any sampler. Image i of a request starts from noise drawn with
/// seed + i, so with a deterministic sampler one image can be reproduced alone. Classifier-free guidance runs the
/// conditional and the null-label prediction in one batch: ε = ε_∅ + g (ε_c − ε_∅).
/// </summary>
public sealed class DiffusionPipeline : IDisposable
{
    /// <summary>The UNet exported to ONNX and run by ONNX Runtime, made on first use (<c>--backend onnx</c>).</summary>
    private readonly Lazy<Onnx.OnnxRuntimeNetwork> _onnx;

    /// <summary>A bfloat16 copy of the UNet, made on first use (<c>--backend bf16</c>).</summary>
    private readonly Lazy<UNet> _bf16;

    public DiffusionPipeline(DiffusionModelConfig config, UNet model, Device device)
    {
        Config = config;
        Model = model;
        Device = device;
        Schedule = new NoiseSchedule(config.Schedule);
        Model.eval();
        _onnx = new Lazy<Onnx.OnnxRuntimeNetwork>(() => new Onnx.OnnxRuntimeNetwork(Model.ToOnnx().ToBytes(), TorchRuntime.Threads));
        _bf16 = new Lazy<UNet>(() => LowPrecision.BFloat16Copy(Model, () => new UNet(config.Unet), device));
    }

    public DiffusionModelConfig Config { get; }

    public UNet Model { get; }

    /// <summary>The UNet's bfloat16 copy (<see cref="InferenceBackend.Bf16"/>), made on first use.</summary>
    public UNet BFloat16Model => _bf16.Value;

    public Device Device { get; }

    public NoiseSchedule Schedule { get; }

    public static DiffusionPipeline Load(ModelStore.ModelLocation location, Device device)
    {
        if (location.Family != DiffusionObjective.FamilyName)
            throw new PigmentException($"Model '{location.Name}' is a '{location.Family}' model, not a diffusion model.");
        var config = ConfigJson.Load<DiffusionModelConfig>(location.ConfigFile);
        var model = new UNet(config.Unet);
        StateDict.Load(model, location.WeightsFile);
        model.to(device);
        return new DiffusionPipeline(config, model, device);
    }

    /// <summary>Resolves a user's class argument (a name such as "7" or an index) to a label.</summary>
    public int ParseClass(string text) => ClassLabels.Parse(Config.ClassNames, Config.Unet.NumClasses, text);

    /// <summary>The conditioning for one label per image (null: none), in the form this model's UNet takes.</summary>
    public Conditioning Condition(IReadOnlyList<int>? labels, int count) =>
        labels is null || Config.Unet.NumClasses == 0 ? new Unconditioned(count) : new ClassCondition(labels, Config.Unet.NullLabel);

    /// <summary>
    /// The network as a sampler sees it, ε̂(x_t, t): guided by <see cref="Guidance"/> (scale g, the negative
    /// condition or ∅); a v-predicting model is converted with ε = √(1−ᾱ) x_t + √ᾱ v.
    /// </summary>
    public NoisePredictor Predictor(Conditioning condition, Conditioning? negative, double guidance, InferenceBackend backend = InferenceBackend.Torch)
    {
        ConditionalPredictor network = backend switch
        {
            InferenceBackend.Onnx => PredictOnnx,
            InferenceBackend.Bf16 => PredictBFloat16,
            _ => Model.Predict,
        };
        return NetworkOutput.AsEpsilon(Guidance.Guided(network, condition, negative, guidance), Config.Prediction, Schedule);
    }

    /// <summary><see cref="UNet.Predict"/> of the bfloat16 copy, for float32 inputs.</summary>
    private Tensor PredictBFloat16(Tensor x, Tensor t, Conditioning condition)
    {
        using var scope = torch.NewDisposeScope();
        return LowPrecision.Out(BFloat16Model.Predict(LowPrecision.In(x), t, condition), x).MoveToOuterDisposeScope();
    }

    /// <summary><see cref="UNet.Predict"/> through ONNX Runtime on the exported UNet (exported once, on first use).</summary>
    private Tensor PredictOnnx(Tensor x, Tensor t, Conditioning condition)
    {
        var network = _onnx.Value;
        using var scope = torch.NewDisposeScope();
        var inputs = new Dictionary<string, Tensor> { ["x"] = x, ["t"] = Onnx.OnnxRuntimeNetwork.Timesteps(t, x.shape[0]) };
        if (Config.Unet.NumClasses > 0)
            inputs["labels"] = condition is ClassCondition classes
                ? classes.ToTensor(CPU)
                : ScalarMath.Full([x.shape[0]], (long)Config.Unet.NullLabel, ScalarType.Int64, CPU);
        return network.Run(inputs).to(x.device).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Generates <paramref name="count"/> images in [−1, 1], (N, C, H, W) on the CPU. <paramref name="labels"/> gives
    /// one label per image (null: unconditional). <paramref name="onStep"/> receives the network evaluations done
    /// so far, out of count / chunk × steps.
    /// </summary>
    public Tensor Generate(int count, ISampler sampler, SamplerOptions options, double guidance, IReadOnlyList<int>? labels, long seed, Action<int>? onStep = null) =>
        Draw(new DiffusionDraw(count, sampler, options, guidance, labels, seed), onStep is null ? null : (done, _) => onStep(done));

    /// <summary>
    /// The one sampling loop of pixel diffusion: chunks of up to 100 images, image i starting from noise drawn with
    /// seed + i; txt2img from pure noise, or img2img from <see cref="DiffusionDraw.Init"/> noised to the level its
    /// strength picks, and inpainting (the known part, re-noised to each new level, put back after every step).
    /// Returns (N, C, H, W) in [−1, 1] on the CPU; <paramref name="onStep"/> gets the network evaluations done so far
    /// and the current x̂_0 of the chunk.
    /// </summary>
    public Tensor Draw(DiffusionDraw draw, Action<int, Tensor>? onStep = null, CancellationToken cancel = default)
    {
        using var scope = torch.NewDisposeScope();
        var c = Config.Unet;
        var request = new Denoising(draw.Count, draw.Seed, draw.Sampler, draw.Options, [c.InChannels, c.ImageSize, c.ImageSize])
        {
            // x_0 of the starting image in the model's range: 2u − 1; the mask as (1, 1, H, W).
            Start = draw.Init?.reshape(1, draw.Init.shape[^3], draw.Init.shape[^2], draw.Init.shape[^1]).Mul(2).Sub(1),
            Strength = draw.Strength,
            Paint = draw.Mask?.reshape(1, 1, draw.Mask.shape[^2], draw.Mask.shape[^1]),
        };
        var samples = DenoisingLoop.Run(request, Schedule, Device, (start, n) => Predictor(
            Condition(draw.Labels?.Skip(start).Take(n).ToArray(), n),
            draw.Negative is null ? null : Condition(draw.Negative.Skip(start).Take(n).ToArray(), n),
            draw.Guidance, draw.Backend), onStep, cancel);
        return samples.Clamp(-1.0, 1.0).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        Model.Dispose();
        if (_onnx.IsValueCreated)
            _onnx.Value.Dispose();
        if (_bf16.IsValueCreated)
            _bf16.Value.Dispose();
    }
}
