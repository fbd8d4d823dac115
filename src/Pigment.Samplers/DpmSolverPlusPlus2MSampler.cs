using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Samplers;

/// <summary>
/// DPM-Solver++(2M) (Lu et al. 2022), the multistep second-order solver of the data-prediction ODE, in the
/// variable λ = −log σ. With h = λ′ − λ and the previous step's ratio r = h_prev / h:
/// x′ = (σ′/σ) x − (e^{−h} − 1) D, D = (1 + 1/(2r)) x̂_0 − (1/(2r)) x̂_0,prev (first step: D = x̂_0).
/// The last step, to σ′ = 0, returns x̂_0.
/// </summary>
public sealed class DpmSolverPlusPlus2MSampler : LoopSampler
{
    private Tensor? _previous;
    private double _previousH;

    public override string Name => "dpm++2m";

    public override string DisplayName => "DPM++ 2M";

    protected override bool SigmaSpace => true;

    protected override void Begin()
    {
        _previous = null;
        _previousH = 0;
    }

    protected override void End()
    {
        _previous?.Dispose();
        _previous = null;
    }

    protected override Tensor Step(Tensor x, int i, SamplingPlan plan, Denoiser denoiser, SamplerOptions options, Generator generator)
    {
        double sigma = plan.Sigmas[i], sigmaNext = plan.Sigmas[i + 1];
        var (x0, _) = denoiser.DenoiseVe(x, sigma, plan.Timesteps[i]);
        Tensor next;
        if (sigmaNext == 0)
        {
            next = x0.alias();
        }
        else
        {
            double h = Math.Log(sigma) - Math.Log(sigmaNext);               // λ′ − λ with λ = −log σ
            var d = x0;
            if (_previous is not null)
            {
                double r = _previousH / h;
                d = (1 + 1 / (2 * r)) * x0 - 1 / (2 * r) * _previous;
            }
            next = sigmaNext / sigma * x - (Math.Exp(-h) - 1) * d;
            _previousH = h;
        }
        _previous?.Dispose();
        _previous = x0.MoveToOuterDisposeScope();                          // kept for the next step
        return next;
    }
}
