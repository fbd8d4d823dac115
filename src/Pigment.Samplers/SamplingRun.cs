using Pigment.Core;
using Pigment.Core.Diffusion;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Samplers;

/// <summary>
/// One sampling run: plans the noise levels, takes x from the level it starts at down to σ = 0 with any
/// <see cref="ISampler"/>, one step per level inside its own dispose scope (so only x and the run's memory survive a
/// step), and calls the hooks between steps. All per-run state lives here, so runs on one sampler instance may go
/// at once on different threads.
/// </summary>
public static class SamplingRun
{
    /// <summary>
    /// Runs levels <paramref name="startLevel"/> … n − 1 of the plan from <paramref name="start"/>, given in
    /// variance-preserving form at level <paramref name="startLevel"/> (x_T = pure noise at level 0; see
    /// <see cref="SamplingPlan.StartLevel"/> and <see cref="SamplingPlan.NoiseTo"/> for img2img). Returns x_0.
    /// </summary>
    public static Tensor Run(ISampler sampler, NoisePredictor model, NoiseSchedule schedule, SamplerOptions options, Generator generator,
        Tensor start, int startLevel = 0, SamplingHooks? hooks = null)
    {
        using var noise = StepNoise.Shared(generator);
        return Run(sampler, model, schedule, options, noise, start, startLevel, hooks);
    }

    /// <summary>As above, with the step noise of stochastic samplers from <paramref name="noise"/> (e.g. per image).</summary>
    public static Tensor Run(ISampler sampler, NoisePredictor model, NoiseSchedule schedule, SamplerOptions options, StepNoise noise,
        Tensor start, int startLevel = 0, SamplingHooks? hooks = null)
    {
        options.Validate(schedule.TrainingSteps);
        var plan = SamplingPlan.Create(schedule, options.Steps, options.Karras);
        if (startLevel < 0 || startLevel > plan.Steps)
            throw new PigmentException($"A run starts at a level from 0 to {plan.Steps}, not {startLevel}.");
        if (startLevel == plan.Steps)
            return start.alias();                                           // σ = 0 already: nothing to do
        var denoiser = new Denoiser(model, options.ClipDenoised);
        using var memory = new SamplerMemory();
        var x = ToSpace(sampler, start, plan.Sigmas[startLevel]);
        int total = plan.Steps - startLevel;
        for (int i = startLevel; i < plan.Steps; i++)
        {
            if (hooks is not null && hooks.Cancellation.IsCancellationRequested)
            {
                x.Dispose();
                hooks.Cancellation.ThrowIfCancellationRequested();
            }
            using var scope = torch.NewDisposeScope();
            var output = sampler.Step(new SamplerStep(x, i, plan, denoiser, options, noise, memory));
            var next = output.Next;
            if (hooks?.Replace is { } replace)
            {
                double sigma = plan.Sigmas[i + 1];
                var replaced = replace(new StepState(i + 1, NoiseSchedule.AlphaCumprodOf(sigma), FromSpace(sampler, next, sigma)));
                if (replaced is not null)
                    next = ToSpace(sampler, replaced, sigma);
            }
            hooks?.Progress?.Invoke(new SamplingProgress(i + 1 - startLevel, total, output.Denoised));
            x.Dispose();
            x = next.MoveToOuterDisposeScope();
        }
        return x;
    }

    /// <summary>The run from pure noise x_T = <paramref name="noise"/> (standard normal, B×C×H×W), reporting the steps done.</summary>
    public static Tensor Sample(this ISampler sampler, NoisePredictor model, Tensor noise, NoiseSchedule schedule, SamplerOptions options,
        Generator generator, Action<int>? onStep = null) =>
        Run(sampler, model, schedule, options, generator, noise, 0, onStep is null ? null : new SamplingHooks { Progress = p => onStep(p.Done) });

    /// <summary>VP x_t to the sampler's space: in sigma space x = x_t / √ᾱ = x_t √(1 + σ²).</summary>
    private static Tensor ToSpace(ISampler sampler, Tensor vp, double sigma) =>
        sampler.Space == SamplerSpace.Sigma ? vp.Mul(Math.Sqrt(1 + sigma * sigma)) : vp.alias();

    /// <summary>The sampler's x to VP form: x_t = x √ᾱ = x / √(1 + σ²).</summary>
    private static Tensor FromSpace(ISampler sampler, Tensor x, double sigma) =>
        sampler.Space == SamplerSpace.Sigma ? x.Div(Math.Sqrt(1 + sigma * sigma)) : x.alias();
}
