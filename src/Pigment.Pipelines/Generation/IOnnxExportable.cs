using Pigment.Models.Onnx;

namespace Pigment.Pipelines.Generation;

/// <summary>A generator whose network can be written as an ONNX graph (<c>pigment export</c>).</summary>
public interface IOnnxExportable
{
    /// <summary>What the graph holds, e.g. "the UNet (x, t, labels → v)".</summary>
    string OnnxDescription { get; }

    OnnxGraph ToOnnx();

    /// <summary>A batch of <paramref name="batch"/> seeded inputs (noise, timesteps across the schedule, conditions).</summary>
    OnnxExample Example(int batch, long seed);
}
