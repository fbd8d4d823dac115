using Pigment.Core;
using Pigment.Core.Checkpoints;
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

    /// <summary>
    /// The network as a sampler sees it, ε̂(x_t, t): with labels and guidance ≠ 1 it is the guided combination;
    /// a v-predicting model is converted with ε = √(1−ᾱ) x_t + √ᾱ v.
    /// </summary>
    public NoisePredictor Predictor(Tensor? labels, double guidance) => (xt, t) =>
    {
        using var scope = torch.NewDisposeScope();
        Tensor output;
        if (labels is null || Config.Unet.NumClasses == 0)
        {
            output = Model.call(xt, t, null);
        }
        else if (guidance == 1)
        {
            output = Model.call(xt, t, labels);
        }
        else
        {
            var nulls = torch.full_like(labels, Config.Unet.NullLabel);
            var both = Model.call(torch.cat([xt, xt]), torch.cat([t, t]), torch.cat([labels, nulls]));
            var parts = both.chunk(2);
            output = parts[1] + guidance * (parts[0] - parts[1]);      // ε_∅ + g (ε_c − ε_∅)
        }
        if (Config.Prediction == PredictionType.Velocity)
        {
            double abar = NoiseSchedule.AlphaCumprodOf(Schedule.SigmaAt(t[0].item<float>()));
            output = Math.Sqrt(1 - abar) * xt + Math.Sqrt(abar) * output;
        }
        return output.MoveToOuterDisposeScope();
    };

    /// <summary>
    /// Generates <paramref name="count"/> images in [−1, 1], (N, C, H, W) on the CPU. <paramref name="labels"/> gives
    /// one label per image (null: unconditional). <paramref name="onStep"/> receives the network evaluations done
    /// so far, out of count / chunk × steps.
    /// </summary>
    public Tensor Generate(int count, ISampler sampler, SamplerOptions options, double guidance, IReadOnlyList<int>? labels, long seed, Action<int>? onStep = null)
    {
        if (count < 1)
            throw new PigmentException($"--count must be at least 1, not {count}.");
        options.Validate(Schedule.TrainingSteps);
        var results = new List<Tensor>();
        int done = 0;
        using var inference = torch.inference_mode();
        for (int start = 0; start < count; start += ChunkSize)
        {
            int n = Math.Min(ChunkSize, count - start);
            using var scope = torch.NewDisposeScope();
            var noise = InitialNoise(n, seed + start);
            var chunkLabels = labels is null ? null : torch.tensor(labels.Skip(start).Take(n).Select(l => (long)l).ToArray(), device: Device);
            using var generator = Seeds.Generator(Seeds.Mix(seed, start, 7));
            int before = done;
            var images = sampler.Sample(Predictor(chunkLabels, guidance), noise, Schedule, options, generator, k => onStep?.Invoke(before + k));
            done += options.Steps;
            results.Add(images.clamp(-1, 1).cpu().MoveToOuterDisposeScope());
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
