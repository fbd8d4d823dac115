using Pigment.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Training;

/// <summary>
/// Exponential moving average of a model's weights (Polyak averaging), the weights diffusion models sample with:
/// θ_ema ← d · θ_ema + (1 − d) · θ, with d warmed up as min(decay, (1 + n) / (10 + n)) so early averages are not
/// dominated by the random initialisation. Buffers (e.g. BatchNorm statistics) are copied as they are.
/// </summary>
public static class Ema
{
    public static double DecayAt(int step, double decay) => Math.Min(decay, (1.0 + step) / (10.0 + step));

    public static void Update(nn.Module ema, nn.Module model, double decay)
    {
        using var noGrad = torch.no_grad();
        var source = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, parameter) in ema.named_parameters())
            parameter.Mul_(decay).AddScaled_(source[name], 1 - decay);
        var buffers = model.named_buffers().ToDictionary(p => p.name, p => p.buffer);
        foreach (var (name, buffer) in ema.named_buffers())
            buffer.copy_(buffers[name]);
    }

    public static void CopyWeights(nn.Module target, nn.Module source)
    {
        using var noGrad = torch.no_grad();
        var state = source.state_dict();
        foreach (var (name, tensor) in target.state_dict())
            tensor.copy_(state[name]);
    }
}
