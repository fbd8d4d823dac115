using Pigment.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Samplers;

/// <summary>
/// DPM-Solver++(2M) (Lu et al. 2022), the multistep second-order solver of the data-prediction diffusion
/// equation, in the variable λ = −log σ, and its stochastic form ("DPM++ 2M SDE", the paper's SDE-DPM-Solver++(2M)).
/// With h = λ′ − λ, the previous step's ratio r = h_prev / h, D = x̂_0 + (x̂_0 − x̂_0,prev) / (2r) (first step:
/// D = x̂_0) and η = 0 for the ODE, 1 for the SDE:
/// x′ = (σ′/σ) e^{−ηh} x + (1 − e^{−(1+η)h}) D + σ′ √(1 − e^{−2ηh}) z.
/// With η = 1 a first-order step is exactly DDPM's posterior step; with η = 0 the noise term vanishes. The last
/// step, to σ′ = 0, returns x̂_0.
/// </summary>
public sealed class DpmSolverPlusPlus2MSampler : ISampler
{
    private readonly double _eta;

    /// <param name="stochastic">Solve the reverse SDE (η = 1) instead of the probability-flow ODE.</param>
    public DpmSolverPlusPlus2MSampler(bool stochastic = false) => _eta = stochastic ? 1 : 0;

    public string Name => _eta > 0 ? "dpm++2m-sde" : "dpm++2m";

    public string DisplayName => _eta > 0 ? "DPM++ 2M SDE" : "DPM++ 2M";

    public SamplerSpace Space => SamplerSpace.Sigma;

    public StepOutput Step(SamplerStep step)
    {
        var x = step.X;
        var memory = step.Memory;
        double sigma = step.Sigma, sigmaNext = step.SigmaNext;
        var (x0, _) = step.Denoiser.DenoiseVe(x, sigma, step.Timestep);
        Tensor next;
        if (sigmaNext == 0)
        {
            next = x0.alias();
        }
        else
        {
            double h = Math.Log(sigma) - Math.Log(sigmaNext);               // λ′ − λ with λ = −log σ
            var d = x0;
            if (memory.PreviousDenoised is { } previous)
            {
                double r = memory.PreviousStepSize / h;
                d = x0.Plus((x0 - previous).Div(2 * r));
            }
            next = x.Mul(sigmaNext / sigma * Math.Exp(-_eta * h)) - d.Mul(double.ExpM1(-(1 + _eta) * h));
            if (_eta > 0)
                next = next.Plus(step.Noise().Mul(sigmaNext * Math.Sqrt(-double.ExpM1(-2 * _eta * h))));
            memory.PreviousStepSize = h;
        }
        memory.PreviousDenoised = x0.MoveToOuterDisposeScope();            // kept for the next step (the run owns it)
        return new StepOutput(next, x0);
    }
}
