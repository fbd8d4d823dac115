using Pigment.Core;
using Pigment.Core.Diffusion;
using Pigment.Samplers;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Pipelines;

/// <summary>
/// What to denoise: <see cref="Count"/> samples of shape (C, H, W) in the model's space (pixels in [−1, 1], or
/// scaled latents), sample i starting from noise drawn with seed + i; txt2img from pure noise, img2img from
/// <see cref="Start"/> (1, C, H, W) noised to the level that <see cref="Strength"/> picks, inpainting with
/// <see cref="Paint"/> (1, 1, H, W), 1 where to paint anew and 0 where <see cref="Start"/> is kept.
/// </summary>
public sealed record Denoising(int Count, long Seed, ISampler Sampler, SamplerOptions Options, long[] Shape)
{
    public Tensor? Start { get; init; }

    public double Strength { get; init; } = 1;

    public Tensor? Paint { get; init; }
}

/// <summary>
/// The one denoising loop of pixel and latent diffusion, in chunks of up to 100 samples. A caller gives the network
/// for each chunk (its conditioning sliced to the chunk); the loop draws the noise, starts part-way for img2img
/// (as Diffusers' <c>get_timesteps</c>: strength s starts at step ⌊n (1 − s)⌋ of an n-step plan), puts the known
/// part back after every step for inpainting, reports progress with x̂_0, and honours cancellation between steps.
/// </summary>
public static class DenoisingLoop
{
    public const int ChunkSize = 100;

    /// <param name="predictor">The network for samples start … start + n − 1: (start, n) → ε̂(x_t, t).</param>
    /// <param name="onStep">Network evaluations done so far (over all chunks) and the chunk's current x̂_0.</param>
    /// <returns>(Count, C, H, W) in the model's space, on the CPU, not clamped.</returns>
    public static Tensor Run(Denoising request, NoiseSchedule schedule, Device device, Func<int, int, NoisePredictor> predictor,
        Action<int, Tensor>? onStep = null, CancellationToken cancel = default)
    {
        if (request.Count < 1)
            throw new PigmentException($"--count must be at least 1, not {request.Count}.");
        if (request.Strength is < 0 or > 1)
            throw new PigmentException($"--strength must be from 0 to 1, not {request.Strength}.");
        var options = request.Options;
        options.Validate(schedule.TrainingSteps);
        var plan = SamplingPlan.Create(schedule, options.Steps, options.Karras);
        int level = request.Start is null ? 0 : plan.StartLevel(request.Strength);
        var results = new List<Tensor>();
        int done = 0;
        using var inference = torch.inference_mode();
        for (int start = 0; start < request.Count; start += ChunkSize)
        {
            int n = Math.Min(ChunkSize, request.Count - start);
            using var scope = torch.NewDisposeScope();
            Tensor noise;
            using (var cpu = Seeds.PerItemNormal(n, request.Shape, request.Seed + start))
                noise = cpu.to(device);                                                  // x_T ~ N(0, I), sample i from seed + i
            using var stepNoise = StepNoise.PerItem(request.Seed + start, n);             // a stochastic sampler's z, per image
            int before = done;
            var hooks = new SamplingHooks
            {
                Cancellation = cancel,
                Progress = onStep is null ? null : p => onStep(before + p.Done, p.Denoised),
            };
            var x = noise;
            if (request.Start is { } start0)
            {
                var x0 = start0.to(device).expand(noise.shape);                            // (n, C, H, W)
                x = plan.NoiseTo(x0, noise, level);                                        // √ᾱ x_0 + √(1−ᾱ) ε at the start level
                if (request.Paint is { } paintMask)
                {
                    var paint = paintMask.to(device);                                      // 1: paint anew
                    var keep = torch.ones_like(paint).sub_(paint);                         // 1: keep the original
                    hooks = hooks with
                    {
                        // x ← m ⊙ x + (1 − m) ⊙ (√ᾱ′ x_0 + √(1−ᾱ′) ε) at each new level
                        Replace = s =>
                        {
                            using var known = plan.NoiseTo(x0, noise, s.Level);
                            using var painted = s.X * paint;
                            using var kept = known * keep;
                            return painted.Plus(kept);
                        },
                    };
                }
            }
            var samples = SamplingRun.Run(request.Sampler, predictor(start, n), schedule, options, stepNoise, x, level, hooks);
            done += plan.Steps - level;
            results.Add(samples.cpu().MoveToOuterDisposeScope());
        }
        var all = torch.cat(results);
        results.ForEach(r => r.Dispose());
        return all;
    }
}
