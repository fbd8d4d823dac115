namespace Pigment.Pipelines.Onnx;

/// <summary>Which engine runs a diffusion model's network while it samples.</summary>
public enum InferenceBackend
{
    /// <summary>TorchSharp (libtorch), the engine that trains it.</summary>
    Torch,

    /// <summary>ONNX Runtime on the network exported to ONNX (the export is made once per loaded model).</summary>
    Onnx,
}
