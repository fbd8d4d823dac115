namespace Pigment.Pipelines;

/// <summary>Which engine, at which precision, runs a diffusion model's network while it samples.</summary>
public enum InferenceBackend
{
    /// <summary>TorchSharp (libtorch) in float32, the engine and precision that train it.</summary>
    Torch,

    /// <summary>ONNX Runtime on the network exported to ONNX (the export is made once per loaded model).</summary>
    Onnx,

    /// <summary>
    /// TorchSharp on a bfloat16 copy of the network (made once per loaded model): its convolutions and matrix products
    /// run on the CPU's bfloat16 dot-product instructions (AVX-512 BF16, AMX) where it has them. The sampler's own
    /// arithmetic stays in float32; only the network's prediction is made in bfloat16.
    /// </summary>
    Bf16,
}

public static class InferenceBackendNames
{
    /// <summary>A backend as the command line, the API and the PNG name it: torch, onnx, bf16.</summary>
    public static string CommandName(this InferenceBackend backend) => backend.ToString().ToLowerInvariant();

    /// <summary>The backend a PNG or a request names ("torch", "onnx", "bf16"); anything else is a clear error.</summary>
    public static InferenceBackend Parse(string name) =>
        Enum.GetValues<InferenceBackend>().Where(b => b.CommandName() == name.Trim().ToLowerInvariant()).Select(b => (InferenceBackend?)b).FirstOrDefault()
        ?? throw new Core.PigmentException($"Unknown backend '{name}': use one of {string.Join(", ", Enum.GetValues<InferenceBackend>().Select(b => b.CommandName()))}.");
}
