using static TorchSharp.torch;

namespace Pigment.Pipelines.Generation;

/// <summary>
/// Inputs for an exported network, by the graph's input names, and the same computation through TorchSharp, so the two
/// engines can be compared on the same numbers (<c>pigment bench onnx</c>).
/// </summary>
public sealed record OnnxExample(IReadOnlyDictionary<string, Tensor> Inputs, Func<Tensor> TorchForward) : IDisposable
{
    public void Dispose()
    {
        foreach (var t in Inputs.Values)
            t.Dispose();
    }
}
