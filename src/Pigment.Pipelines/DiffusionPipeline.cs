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
    private const int ChunkSize = 100;

    public DiffusionPipeline(DiffusionModelConfig config, UNet model, Device device)
    {
        Config = config;
        Model = model;
        Device = device;
        Schedule = new NoiseSchedule(config.Schedule);
        Model.eval();
    }

    public DiffusionModelConfig Config { get; }

    public UNet Model { get; }

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
    public NoisePredictor Predictor(Conditioning condition, Conditioning? negative, double guidance)
    {
        var guided = Guidance.Guided(Model.Predict, condition, negative, guidance);
        return (xt, t) =>
        {
            using var scope = torch.NewDisposeScope();
            var output = guided(xt, t);
            if (Config.Prediction == PredictionType.Velocity)
            {
                double abar = NoiseSchedule.AlphaCumprodOf(Schedule.SigmaAt(t[0].item<float>()));
                output = xt.Mul(Math.Sqrt(1 - abar)) + output.Mul(Math.Sqrt(abar));
            }
            return output.MoveToOuterDisposeScope();
        };
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
        if (draw.Count < 1)
            throw new PigmentException($"--count must be at least 1, not {draw.Count}.");
        var options = draw.Options;
        options.Validate(Schedule.TrainingSteps);
        var plan = SamplingPlan.Create(Schedule, options.Steps, options.Karras);
        int level = draw.Init is null ? 0 : plan.StartLevel(draw.Strength);
        var results = new List<Tensor>();
        int done = 0;
        using var inference = torch.inference_mode();
        for (int start = 0; start < draw.Count; start += ChunkSize)
        {
            int n = Math.Min(ChunkSize, draw.Count - start);
            using var scope = torch.NewDisposeScope();
            var noise = InitialNoise(n, draw.Seed + start);
            var condition = Condition(draw.Labels?.Skip(start).Take(n).ToArray(), n);
            var negative = draw.Negative is null ? null : Condition(draw.Negative.Skip(start).Take(n).ToArray(), n);
            using var generator = Seeds.Generator(Seeds.Mix(draw.Seed, start, 7));
            int before = done;
            var hooks = new SamplingHooks
            {
                Cancellation = cancel,
                Progress = onStep is null ? null : p => onStep(before + p.Done, p.Denoised),
            };
            var x = noise;
            if (draw.Init is { } init)
            {
                // x_0 of the starting image in the model's range, (n, C, H, W): 2u − 1.
                var x0 = init.to(Device).reshape(1, init.shape[^3], init.shape[^2], init.shape[^1]).Mul(2).Sub(1).expand(noise.shape);
                x = plan.NoiseTo(x0, noise, level);
                if (draw.Mask is { } mask)
                {
                    var paint = mask.to(Device).reshape(1, 1, mask.shape[^2], mask.shape[^1]);        // 1: paint anew
                    var keep = torch.ones_like(paint).sub_(paint);                                    // 1: keep the original
                    hooks = hooks with
                    {
                        // x ← m ⊙ x + (1 − m) ⊙ (√ᾱ′ x_0 + √(1−ᾱ′) ε) at each new level
                        Replace = s =>
                        {
                            using var known = plan.NoiseTo(x0, noise, s.Level);
                            using var painted = s.X * paint;
                            using var kept = known * keep;
                            return painted + kept;
                        },
                    };
                }
            }
            var images = SamplingRun.Run(draw.Sampler, Predictor(condition, negative, draw.Guidance), Schedule, options, generator, x, level, hooks);
            done += plan.Steps - level;
            results.Add(images.Clamp(-1, 1).cpu().MoveToOuterDisposeScope());
        }
        var all = torch.cat(results);
        results.ForEach(r => r.Dispose());
        return all;
    }

    /// <summary>x_T ~ N(0, I), image i drawn with its own generator seeded seed + i.</summary>
    private Tensor InitialNoise(int n, long seed)
    {
        var c = Config.Unet;
        using var noise = Seeds.PerItemNormal(n, [c.InChannels, c.ImageSize, c.ImageSize], seed);
        return noise.to(Device);
    }

    public void Dispose() => Model.Dispose();
}
