using Pigment.Core;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Models.Flow;

/// <summary>
/// Activation normalisation (Glow §3.1): a per-channel affine map y = (x + b) ⊙ exp(log s), with
/// log |det| = H · W · Σ_c log s_c. Data-dependent initialisation: on the first batch seen in training mode,
/// b = −mean(x) and log s = −log std(x) per channel, so that the output has zero mean and unit variance. Whether
/// that happened is the buffer <c>initialized</c>, saved in checkpoints, so a resumed or loaded model never
/// re-initialises.
/// </summary>
public sealed class ActNorm : FlowLayer
{
    private readonly Parameter bias;
    private readonly Parameter log_scale;
    private readonly Tensor initialized;

    public ActNorm(int channels) : base(nameof(ActNorm))
    {
        bias = nn.Parameter(torch.zeros(1, channels, 1, 1));
        log_scale = nn.Parameter(torch.zeros(1, channels, 1, 1));
        initialized = torch.zeros(1);
        RegisterComponents();
    }

    public bool IsInitialized
    {
        get
        {
            using var flag = initialized.GreaterThan(0);
            return flag.item<bool>();
        }
    }

    /// <summary>b = −E[x], log s = −log(√Var[x] + ε), per channel over (B, H, W).</summary>
    public void InitializeFrom(Tensor x)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var mean = x.mean([0, 2, 3], keepdim: true);
        var std = x.std([0, 2, 3], unbiased: false, keepdim: true);
        bias.copy_(-mean);
        log_scale.copy_(-std.Add(1e-6).log());
        initialized.Fill_(1);
    }

    public override (Tensor Y, Tensor LogDet) forward(Tensor x)
    {
        if (training && !IsInitialized)
            InitializeFrom(x);
        var y = x.Plus(bias) * log_scale.exp();                                   // y = (x + b) ⊙ exp(log s)
        long pixels = x.shape[2] * x.shape[3];
        var logDet = log_scale.sum().Mul(pixels).expand(x.shape[0]);              // H·W·Σ_c log s_c
        return (y, logDet);
    }

    public override Tensor Reverse(Tensor y) => y * (-log_scale).exp() - bias;   // x = y ⊙ exp(−log s) − b
}
