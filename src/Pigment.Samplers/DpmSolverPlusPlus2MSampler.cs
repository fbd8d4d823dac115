using Pigment.Core.Diffusion;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Samplers;

/// <summary>
/// DPM-Solver++(2M) (Lu et al. 2022), the multistep second-order solver of the data-prediction ODE, in the
/// variable λ = −log σ. With h = λ′ − λ and the previous step's ratio r = h_prev / h:
/// x′ = (σ′/σ) x − (e^{−h} − 1) D, D = (1 + 1/(2r)) x̂_0 − (1/(2r)) x̂_0,prev (first step: D = x̂_0).
/// The last step, to σ′ = 0, returns D's first-order value x̂_0.
/// </summary>
public sealed class DpmSolverPlusPlus2MSampler : ISampler
{
    public string Name => "dpm++2m";

    public string DisplayName => "DPM++ 2M";

    public Tensor Sample(NoisePredictor model, Tensor noise, NoiseSchedule schedule, SamplerOptions options, Generator generator, Action<int>? onStep = null)
    {
        options.Validate(schedule.TrainingSteps);
        var plan = SamplingPlan.Create(schedule, options.Steps, options.Karras);
        var denoiser = new Denoiser(model, options.ClipDenoised);
        var x = noise * Math.Sqrt(1 + plan.Sigmas[0] * plan.Sigmas[0]);
        Tensor? previous = null;
        double previousH = 0;
        for (int i = 0; i < plan.Steps; i++)
        {
            using var scope = torch.NewDisposeScope();
            double sigma = plan.Sigmas[i], sigmaNext = plan.Sigmas[i + 1];
            var (x0, _) = denoiser.DenoiseVe(x, sigma, plan.Timesteps[i]);
            Tensor next;
            if (sigmaNext == 0)
            {
                next = x0.alias();
            }
            else
            {
                double h = Math.Log(sigma) - Math.Log(sigmaNext);          // λ′ − λ with λ = −log σ
                var d = x0;
                if (previous is not null)
                {
                    double r = previousH / h;
                    d = (1 + 1 / (2 * r)) * x0 - 1 / (2 * r) * previous;
                }
                next = sigmaNext / sigma * x - (Math.Exp(-h) - 1) * d;
                previousH = h;
            }
            previous?.Dispose();
            previous = x0.MoveToOuterDisposeScope();
            x.Dispose();
            x = next.MoveToOuterDisposeScope();
            onStep?.Invoke(i + 1);
        }
        previous?.Dispose();
        return x;
    }
}
