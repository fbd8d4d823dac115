using Pigment.Core.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Pipelines;

/// <summary>
/// The <see cref="InferenceBackend.Bf16"/> backend: a bfloat16 copy of a trained network, and its prediction for
/// float32 inputs. TorchSharp has no autocast, so the whole copy runs in bfloat16 (normalisations and softmax too);
/// inputs are rounded to bfloat16 on the way in and the prediction widened to the caller's dtype on the way out.
/// </summary>
public static class LowPrecision
{
    /// <summary>A new network made by <paramref name="create"/>, holding <paramref name="network"/>'s weights in
    /// bfloat16 on <paramref name="device"/>, in evaluation mode.</summary>
    public static T BFloat16Copy<T>(T network, Func<T> create, Device device) where T : nn.Module
    {
        var copy = create();
        StateDict.Apply(copy, network.state_dict(), "the float32 network");
        copy.to(ScalarType.BFloat16).to(device);
        copy.eval();
        return copy;
    }

    /// <summary>A float32 (or any) tensor rounded to bfloat16, as a bfloat16 network takes it.</summary>
    public static Tensor In(Tensor x) => x.to(ScalarType.BFloat16);

    /// <summary>A bfloat16 network's output widened back to <paramref name="like"/>'s dtype.</summary>
    public static Tensor Out(Tensor y, Tensor like) => y.to(like.dtype);
}
