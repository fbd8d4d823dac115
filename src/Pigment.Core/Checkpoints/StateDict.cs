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

    /// <summary>
    /// Starts a module from weights trained for a narrower input: every key must match, and a linear layer's weight
    /// (out, in) may have more input features, whose new columns are zeroed. The module then
    /// computes what the trained one did, and the new inputs start with no say (e.g. a UNet whose cross-attention now
    /// reads a wider text context).
    /// </summary>
    public static void LoadWidened(nn.Module module, string path)
    {
        NativeMath.MathSafety.Ensure();
        using var contents = SafeTensors.Load(path);
        var tensors = WeightCompression.Expand(contents.Tensors, out var made);
        try
        {
            var state = module.state_dict();
            bool Widened(Tensor target, Tensor source) =>
                target.dim() == 2 && source.dim() == 2 && target.shape[0] == source.shape[0] && target.shape[1] > source.shape[1];
            var fitted = new Dictionary<string, Tensor>();
            var grown = new List<Tensor>();
            foreach (var (key, source) in tensors)
            {
                if (state.TryGetValue(key, out var target) && Widened(target, source))
                {
                    var wide = torch.zeros(target.shape, dtype: source.dtype);
                    using (var leading = wide.narrow(-1, 0, source.shape[^1]))
                        leading.copy_(source);
                    grown.Add(wide);
                    fitted[key] = wide;
                }
                else
                    fitted[key] = source;
            }
            try
            {
                Apply(module, fitted, path);
            }
            finally
            {
                grown.ForEach(t => t.Dispose());
            }
        }
        finally
        {
            made.ForEach(t => t.Dispose());
        }
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
