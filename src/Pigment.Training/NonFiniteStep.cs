using System.Globalization;
using Pigment.Core.NativeMath;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Training;

/// <summary>
/// What to tell the user when a training step's loss or gradients are not finite: which tensor went non-finite first
/// (a weight that already was, the loss from the forward pass, or a gradient in the backward pass, with its module),
/// and whether the same step, replayed from the same random state with one thread and padded convolution channels
/// (<see cref="ConvolutionMode.Padded"/>), is finite. If it is, the machine's math library is at fault (as libtorch's
/// oneDNN kernels were on AMD Zen 5), not the learning rate or the data, and the message says so.
/// </summary>
public static class NonFiniteStep
{
    /// <param name="role">"model" or "critic".</param>
    /// <param name="loss">The step's loss value.</param>
    /// <param name="replay">Recomputes the same loss and gradients (same batch, same random state); returns the loss.</param>
    public static string Diagnose(string role, int step, double loss, nn.Module module, Func<double> replay)
    {
        var culprit = FirstNonFinite(module, loss);

        double again;
        bool replayFinite;
        using (Convolutions.Use(ConvolutionMode.Padded))
        using (Threads.Use(1))
        {
            again = replay();
            replayFinite = double.IsFinite(again) && FirstNonFinite(module, again) is null;
        }

        var message = $"Training stopped at step {step}: {culprit ?? $"the {role}'s loss is {Format(loss)}"}.";
        if (replayFinite)
        {
            var settings = MathSafety.Active;
            return message + $" The same step replayed with one thread and padded convolution channels is finite (loss {Format(again)}): " +
                   "this machine's math library (libtorch's CPU kernels) is at fault, not the learning rate or the data. " +
                   (settings is null ? "" : $"Math settings: {settings.Reason}. ") +
                   $"'pigment info' shows the self-check; {MathSafety.ConvolutionsVariable}=padded or OMP_NUM_THREADS=1 may help.";
        }
        return message + " The same step replayed with one thread and padded convolution channels is not finite either, so the math library is " +
               "not to blame: lower the learning rate, or check the data and the model.";
    }

    /// <summary>The first tensor that is not finite, in the order things go wrong: a weight (it was so before the step),
    /// the loss (the forward pass), then the gradients from the loss backwards (the last parameter registered that has
    /// a non-finite gradient is the nearest the loss). Null if all are finite.</summary>
    public static string? FirstNonFinite(nn.Module module, double loss)
    {
        var parameters = module.named_parameters().ToList();
        var badWeights = parameters.Where(p => !Finite(p.parameter)).Select(p => p.name).ToList();
        if (badWeights.Count > 0)
            return $"the weight '{badWeights[0]}' was already non-finite before this step ({badWeights.Count} of {parameters.Count} weights are)";
        if (!double.IsFinite(loss))
            return $"the loss is {Format(loss)}: the forward pass went non-finite, with finite weights";
        var badGradients = parameters.Where(p => p.parameter.grad is { } g && !Finite(g)).Select(p => p.name).ToList();
        if (badGradients.Count > 0)
            return $"the loss is finite ({Format(loss)}) but the backward pass went non-finite: the gradient of '{badGradients[^1]}' " +
                   $"(the parameter nearest the loss with a non-finite gradient; {badGradients.Count} of {parameters.Count} gradients are non-finite)";
        return null;
    }

    private static bool Finite(Tensor t)
    {
        using var all = t.isfinite().all();
        return all.item<bool>();
    }

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
