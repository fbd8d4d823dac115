using Pigment.Core;
using Pigment.Core.Data;
using Pigment.Core.Diffusion;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Models.Diffusion;

/// <summary>
/// The denoising objective (Ho et al. 2020): draw t ~ U{0, …, T−1} (or t from a log-normal σ, see
/// <see cref="TimestepSampling"/>) and ε ~ N(0, I), form
/// x_t = √ᾱ_t x_0 + √(1−ᾱ_t) ε in closed form, and regress the network's output on ε (L_simple =
/// E‖ε − ε_θ(x_t, t)‖²) or on v. For classifier-free guidance each label is replaced by the null label with
/// probability <see cref="DiffusionModelConfig.LabelDropout"/>, so one network learns both p(x | c) and p(x).
/// </summary>
public sealed class DiffusionObjective : ITrainingObjective
{
    public const string FamilyName = "ddpm";

    private readonly NoiseSchedule _schedule;
    private readonly double[] _logSigmas;

    public DiffusionObjective(DiffusionModelConfig config)
    {
        Config = config;
        _schedule = new NoiseSchedule(config.Schedule);
        _logSigmas = _schedule.Sigmas.Select(s => Math.Log(s)).ToArray();
        Unet = new UNet(config.Unet);
    }

    public DiffusionModelConfig Config { get; }

    public UNet Unet { get; }

    public string Family => FamilyName;

    public nn.Module Model => Unet;

    public nn.Module CreateModel() => new UNet(Config.Unet);

    public Tensor Loss(nn.Module model, Batch batch, Generator generator)
    {
        var unet = (UNet)model;
        using var scope = torch.NewDisposeScope();
        var x0 = batch.Images;                                                     // (B, C, H, W) in [−1, 1]
        long b = x0.shape[0];
        var t = DrawTimesteps(b, generator);
        var noise = torch.randn(x0.shape, generator: generator).to(x0.device);       // ε ~ N(0, I)
        var xt = _schedule.AddNoise(x0, noise, t);                                 // √ᾱ_t x_0 + √(1−ᾱ_t) ε
        Tensor? labels = null;
        if (Config.Unet.NumClasses > 0)
        {
            // Label dropout: c ← ∅ with probability p.
            var drop = torch.rand(b, generator: generator).LessThan(Config.LabelDropout);
            var given = batch.Labels.ClampMin(0).to(ScalarType.Int64);
            labels = torch.where(drop, ScalarMath.Full([b], (long)Config.Unet.NullLabel, ScalarType.Int64), given).to(x0.device);
        }
        var target = Config.Prediction == PredictionType.Epsilon ? noise : _schedule.Velocity(x0, noise, t);
        var prediction = unet.call(xt, t.to(x0.device), labels);
        return nn.functional.mse_loss(prediction, target).MoveToOuterDisposeScope();
    }

    /// <summary>One training timestep per example, as <see cref="DiffusionModelConfig.Timesteps"/> says (int64, on the CPU).</summary>
    public Tensor DrawTimesteps(long count, Generator generator)
    {
        if (Config.Timesteps == TimestepSampling.Uniform)
            return torch.randint(0, _schedule.TrainingSteps, [count], generator: generator);   // t ~ U{0..T−1}
        using var scope = torch.NewDisposeScope();
        var logSigma = torch.randn(count, generator: generator, dtype: ScalarType.Float64).Mul(Config.LogSigmaStd).Add(Config.LogSigmaMean);
        // σ_t increases with t: the first t whose σ_t ≥ σ.
        return torch.searchsorted(torch.tensor(_logSigmas), logSigma).Clamp(0, _schedule.TrainingSteps - 1).MoveToOuterDisposeScope();
    }
}
