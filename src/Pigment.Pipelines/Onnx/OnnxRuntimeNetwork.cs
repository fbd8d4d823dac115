using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace Pigment.Pipelines.Onnx;

/// <summary>
/// An exported network run by ONNX Runtime (CPU, a fixed number of threads): TorchSharp tensors in, a TorchSharp
/// tensor out, so tests and benchmarks can set it beside the TorchSharp forward pass on the same inputs.
/// </summary>
public sealed class OnnxRuntimeNetwork : IDisposable
{
    private readonly InferenceSession _session;

    public OnnxRuntimeNetwork(byte[] model, int threads = 2)
    {
        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1 };
        options.GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL;
        _session = new InferenceSession(model, options);
    }

    /// <summary>The graph's input names, in order.</summary>
    public IReadOnlyList<string> Inputs => _session.InputNames;

    /// <summary>Runs the graph on named inputs (float32, int64 or bool) and returns its first output as float32.</summary>
    public Tensor Run(IReadOnlyDictionary<string, Tensor> inputs)
    {
        var values = inputs.Select(p => Value(p.Key, p.Value)).ToList();
        using var results = _session.Run(values);
        var output = results[0].AsTensor<float>();
        return tensor(output.ToArray(), output.Dimensions.ToArray().Select(d => (long)d).ToArray());
    }

    /// <summary>A sampler's timesteps (a scalar or (B), integer or float) as the graphs' t input: (B) float32.</summary>
    public static Tensor Timesteps(Tensor t, long batch)
    {
        using var f = t.to_type(ScalarType.Float32).cpu();
        return f.dim() == 0 || f.numel() == 1 ? f.reshape(1).expand(batch).contiguous() : f.contiguous();
    }

    private static NamedOnnxValue Value(string name, Tensor t)
    {
        using var cpu = t.detach().cpu().contiguous();
        var dims = cpu.shape.Select(d => (int)d).ToArray();
        return cpu.dtype switch
        {
            ScalarType.Float32 => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(cpu.data<float>().ToArray(), dims)),
            ScalarType.Int64 => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<long>(cpu.data<long>().ToArray(), dims)),
            ScalarType.Bool => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<bool>(cpu.data<bool>().ToArray(), dims)),
            _ => throw new ArgumentException($"Input '{name}' is {cpu.dtype}; the exported graphs take float32, int64 and bool."),
        };
    }

    public void Dispose() => _session.Dispose();
}
