using Pigment.Core;
using Pigment.Core.Checkpoints;

namespace Pigment.Pipelines;

/// <summary>
/// <c>pigment quantize</c>: a copy of a model folder whose weights (every part's model.safetensors) are stored in
/// another <see cref="WeightFormat"/>. Everything else (configs, the model index, a VAE's prior, training logs) is
/// copied as it is; the card is replaced by a note that points to the original's, since its numbers are the
/// original's. The copy loads and runs like any model (<see cref="StateDict.Load"/> widens the weights).
/// </summary>
public static class ModelCompression
{
    /// <summary>What one copy holds: the bytes of weights before and after, and the largest change to any weight.</summary>
    public sealed record Result(string Folder, long BytesBefore, long BytesAfter, double MaxWeightChange);

    public static Result Write(ModelStore.ModelLocation location, WeightFormat format, string folder)
    {
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            throw new PigmentException($"'{folder}' exists and is not empty: give a new folder for the compressed model.");
        if (File.Exists(folder))
            throw new PigmentException($"'{folder}' is a file: give a new folder for the compressed model.");
        long before = 0, after = 0;
        double change = 0;
        string source = Path.GetFullPath(location.Folder);
        var staging = folder.TrimEnd('/') + ".partial";
        if (Directory.Exists(staging))
            Directory.Delete(staging, recursive: true);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            var target = Path.Combine(staging, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (Path.GetFileName(file) == "model.safetensors")
            {
                using var contents = SafeTensors.Load(file);
                if (contents.Metadata.TryGetValue(WeightCompression.MetadataKey, out var already) && already != WeightCompression.Name(WeightFormat.Float32))
                    throw new PigmentException($"'{location.Name}' is already stored as {already}: compress the float32 original.");
                var compressed = WeightCompression.Compress(contents.Tensors, format);
                try
                {
                    change = Math.Max(change, MaxChange(contents.Tensors, compressed));
                    var metadata = contents.Metadata.ToDictionary();
                    metadata[WeightCompression.MetadataKey] = WeightCompression.Name(format);
                    SafeTensors.Save(target, compressed, metadata);
                }
                finally
                {
                    foreach (var t in compressed.Values)
                        t.Dispose();
                }
                before += new FileInfo(file).Length;
                after += new FileInfo(target).Length;
            }
            else if (relative == "README.md")
            {
                File.WriteAllText(target,
                    $"# {location.Name}, weights in {WeightCompression.Name(format)}\n\nMade by `pigment quantize {location.Name} --weights {WeightCompression.Name(format)}` " +
                    $"from the float32 model, whose card is {Path.Combine(source, "README.md")}. Its numbers are the original's; `pigment bench quantize` measures this copy's.\n");
            }
            else
            {
                File.Copy(file, target);
            }
        }
        if (before == 0)
            throw new PigmentException($"'{location.Name}' has no model.safetensors to compress.");
        if (Directory.Exists(folder))
            Directory.Delete(folder);
        Directory.Move(staging, folder);
        return new Result(folder, before, after, change);
    }

    /// <summary>The largest |w − w'| over every floating weight, w' as it will be loaded.</summary>
    private static double MaxChange(IReadOnlyDictionary<string, TorchSharp.torch.Tensor> original, Dictionary<string, TorchSharp.torch.Tensor> compressed)
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        var loaded = WeightCompression.Expand(compressed, out _);
        double max = 0;
        foreach (var (name, tensor) in original)
            if (tensor.is_floating_point())
                max = Math.Max(max, (tensor - loaded[name].to(tensor.dtype)).abs().max().to(TorchSharp.torch.ScalarType.Float64).item<double>());
        return max;
    }
}
