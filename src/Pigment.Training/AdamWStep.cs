using Pigment.Core;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Training;

/// <summary>
/// AdamW's update (Loshchilov &amp; Hutter 2019) on the state of a TorchSharp <see cref="AdamW"/>, with every Scalar's
/// lifetime explicit. TorchSharp 0.107's own <c>AdamW.step</c> passes temporary Scalars (<c>mul_(beta1)</c>,
/// <c>addcdiv_(…, value: −step)</c>) that the GC may finalize while libtorch reads them: a CLIP training here died
/// in <c>addcdiv_</c> with "toDouble: Expected false to be true" after 250 steps. The optimizer object still holds
/// the moments and saves and loads them in its own format, so checkpoints are unchanged.
/// </summary>
public static class AdamWStep
{
    /// <summary>
    /// For each parameter θ with gradient g, at step t: θ ← θ (1 − η λ); m ← β₁ m + (1 − β₁) g;
    /// v ← β₂ v + (1 − β₂) g²; θ ← θ − η / (1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε).
    /// </summary>
    public static void Step(OptimizerHelper optimizer)
    {
        var dict = optimizer.state_dict();
        var parameters = optimizer.parameters().ToArray();                  // in group order, as dict.State
        using var noGrad = torch.no_grad();
        for (int g = 0; g < dict.Options.Count; g++)
        {
            var options = (AdamW.Options)dict.Options[g];
            double lr = options.LearningRate!.Value, beta1 = options.beta1!.Value, beta2 = options.beta2!.Value;
            double weightDecay = options.weight_decay!.Value, eps = options.eps!.Value;
            if (options.amsgrad == true || options.maximize == true)
                throw new NotSupportedException("AdamWStep implements plain AdamW (no AMSGrad, no maximize).");
            foreach (int k in dict.StateIndexRef[g])
            {
                var parameter = parameters[k];
                var state = (AdamW.State)dict.State[k];
                var grad = parameter.grad;
                if (grad is null)
                    continue;
                using var scope = torch.NewDisposeScope();
                state.step += 1;
                if (weightDecay != 0)
                    parameter.Mul_(1 - lr * weightDecay);
                state.exp_avg.Mul_(beta1).AddScaled_(grad, 1 - beta1);
                state.exp_avg_sq.Mul_(beta2).AddcMul_(grad, grad, 1 - beta2);
                double correction1 = 1 - Math.Pow(beta1, state.step), correction2 = 1 - Math.Pow(beta2, state.step);
                var denominator = state.exp_avg_sq.sqrt().Div(Math.Sqrt(correction2)).Add(eps);
                parameter.AddcDiv_(state.exp_avg, denominator, -lr / correction1);
            }
        }
    }
}
