using Pigment.Models.Diffusion;
using static TorchSharp.torch;

namespace Pigment.Models.Onnx;

/// <summary>
/// The encoder–middle–decoder walk that both UNets share, as ONNX nodes: each module of the encoder pushes its output
/// on the skip stack (an attention or transformer block replaces its ResBlock's entry), and every decoder ResBlock
/// first concatenates the most recent skip along the channels, as the UNets' forward passes do.
/// </summary>
public static class UNetOnnxWalk
{
    /// <param name="emit">a module's nodes: (module, checkpoint prefix, input) → output</param>
    /// <param name="middle">the middle blocks' nodes</param>
    public static string Run(OnnxLayers o, IList<nn.Module> down, IList<nn.Module> up, string h,
        Func<nn.Module, string, string, string> emit, Func<string, string> middle)
    {
        var skips = new Stack<string>();
        skips.Push(h);
        for (int i = 0; i < down.Count; i++)
        {
            h = emit(down[i], $"down.{i}", h);
            if (down[i] is not (ResBlock or Downsample))
                skips.Pop();
            skips.Push(h);
        }
        h = middle(h);
        for (int i = 0; i < up.Count; i++)
        {
            if (up[i] is ResBlock)
                h = o.Concat(1, h, skips.Pop());
            h = emit(up[i], $"up.{i}", h);
        }
        return h;
    }
}
