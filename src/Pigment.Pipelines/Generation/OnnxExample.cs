using static TorchSharp.torch;

namespace Pigment.Pipelines.Generation;

/// <summary>
/// Inputs for an exported network, by the graph's input names, and the same computation through TorchSharp in float32
/// and on the network's bfloat16 copy, so the backends can be compared on the same numbers (<c>pigment bench onnx</c>,
/// <c>bench speed</c>).
/// </summary>
/// <param name="Network">the float32 network that <paramref name="Forward"/> runs</param>
/// <param name="Forward">the float32 forward pass as the caller's mode has it (with gradients, for timing a training step)</param>
public sealed record OnnxExample(IReadOnlyDictionary<string, Tensor> Inputs, TorchSharp.torch.nn.Module Network, Func<Tensor> Forward, Func<Tensor> BFloat16Forward) : IDisposable
{
    /// <summary>The float32 forward pass in inference mode.</summary>
    public Tensor TorchForward()
    {
        using var inference = TorchSharp.torch.inference_mode();
        return Forward();
    }

    public void Dispose()
    {
        foreach (var t in Inputs.Values)
            t.Dispose();
    }
}
