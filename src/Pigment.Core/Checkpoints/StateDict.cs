using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Core.Checkpoints;

/// <summary>
/// Saves a module's parameters and buffers to safetensors and loads them back strictly: every key the module has
/// must be in the file with the same shape, and the file may hold nothing else. Errors name the keys.
/// </summary>
public static class StateDict
{
    public static void Save(nn.Module module, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var state = module.state_dict();
        SafeTensors.Save(path, state, metadata);
    }

    /// <summary>Loads trained weights, float32 or compressed by <see cref="WeightCompression"/> (and, the first time in
    /// a process, makes sure the math kernels that will use them are correct on this machine:
    /// <see cref="NativeMath.MathSafety.Ensure"/>).</summary>
    public static IReadOnlyDictionary<string, string> Load(nn.Module module, string path)
    {
        NativeMath.MathSafety.Ensure();
        using var contents = SafeTensors.Load(path);
        var tensors = WeightCompression.Expand(contents.Tensors, out var made);
        try
        {
            Apply(module, tensors, path);
        }
        finally
        {
            made.ForEach(t => t.Dispose());
        }
        return contents.Metadata;
    }

    /// <summary>Copies <paramref name="tensors"/> into the module after checking keys and shapes (dtype is converted).</summary>
    public static void Apply(nn.Module module, IReadOnlyDictionary<string, Tensor> tensors, string source)
    {
        var state = module.state_dict();
        var missing = state.Keys.Where(k => !tensors.ContainsKey(k)).ToList();
        var unexpected = tensors.Keys.Where(k => !state.ContainsKey(k)).ToList();
        var mismatched = state.Keys.Where(tensors.ContainsKey)
            .Where(k => !state[k].shape.SequenceEqual(tensors[k].shape))
            .Select(k => $"{k} (model [{string.Join(", ", state[k].shape)}], file [{string.Join(", ", tensors[k].shape)}])")
            .ToList();
        if (missing.Count + unexpected.Count + mismatched.Count > 0)
        {
            var parts = new List<string>();
            if (missing.Count > 0) parts.Add("missing keys: " + string.Join(", ", missing));
            if (unexpected.Count > 0) parts.Add("unexpected keys: " + string.Join(", ", unexpected));
            if (mismatched.Count > 0) parts.Add("shape mismatches: " + string.Join(", ", mismatched));
            throw new PigmentException($"'{source}' does not fit the model: {string.Join("; ", parts)}.");
        }
        using var noGrad = torch.no_grad();
        foreach (var (key, target) in state)
            target.copy_(tensors[key]);
    }
}
