using Pigment.Core;
using Pigment.Core.Conditions;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Samplers;

/// <summary>A network that takes a condition: its raw output for x_t at timestep t.</summary>
public delegate Tensor ConditionalPredictor(Tensor xt, Tensor t, Conditioning condition);

/// <summary>
/// Classifier-free guidance (Ho &amp; Salimans 2022), in one place for every conditional model: with scale g,
/// ε = ε_∅ + g (ε_c − ε_∅), where ε_∅ is the prediction for the unconditional form of the condition, or for a
/// negative condition when one is given (a negative prompt). Both predictions come from one network pass over a
/// batch twice the size. g = 1 is the plain conditional prediction, with one pass. Guidance rescale (Lin et al.
/// 2023, §3.4) with φ &gt; 0 pulls the guided output's per-sample standard deviation back towards the conditional
/// one's: ε_r = ε · std(ε_c) / std(ε), then ε ← φ ε_r + (1 − φ) ε, against the over-exposure strong guidance causes.
/// </summary>
public static class Guidance
{
    public static Func<Tensor, Tensor, Tensor> Guided(ConditionalPredictor model, Conditioning condition, Conditioning? negative, double scale, double rescale = 0)
    {
        if (rescale is < 0 or > 1)
            throw new PigmentException($"--guidance-rescale must be from 0 to 1, not {rescale}.");
        if (negative is not null && negative.Count != condition.Count)
            throw new ArgumentException($"The negative condition has {negative.Count} items, the condition {condition.Count}.");
        if (scale == 1 || condition is Unconditioned)
            return (xt, t) => model(xt, t, condition);
        var both = condition.Concat(negative ?? condition.Unconditional());
        return (xt, t) =>
        {
            using var scope = torch.NewDisposeScope();
            var output = model(torch.cat([xt, xt]), torch.cat([t, t]), both);
            var parts = output.chunk(2);
            var guided = parts[1].Plus((parts[0] - parts[1]).Mul(scale));              // ε_∅ + g (ε_c − ε_∅)
            if (rescale > 0)
            {
                var dims = Enumerable.Range(1, (int)guided.dim() - 1).Select(d => (long)d).ToArray();
                var rescaled = guided * (parts[0].std(dims, keepdim: true) / guided.std(dims, keepdim: true));
                guided = rescaled.Mul(rescale).Plus(guided.Mul(1 - rescale));
            }
            return guided.MoveToOuterDisposeScope();
        };
    }
}
