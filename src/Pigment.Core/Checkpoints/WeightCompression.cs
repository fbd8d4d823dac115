using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Core.Checkpoints;

/// <summary>How a model's weights are stored on disk.</summary>
public enum WeightFormat
{
    /// <summary>float32, as trained.</summary>
    Float32,

    /// <summary>bfloat16: float32's range with 8 bits of mantissa; half the size.</summary>
    BFloat16,

    /// <summary>IEEE float16: 11 bits of mantissa, range ±65,504; half the size.</summary>
    Float16,

    /// <summary>int8 weight-only quantization of every convolution, linear and embedding matrix, symmetric and per
    /// output channel (w ≈ s_c · q, q ∈ [−127, 127], s_c = max|w_c| / 127); biases and normalisation parameters stay
    /// float32. About a quarter of the size.</summary>
    Int8,
}

/// <summary>
/// Compressed weights in safetensors (<c>pigment quantize</c>): floating tensors narrowed to bfloat16 or float16, or
/// matrices quantized to int8 with one float32 scale per output channel, stored beside them as
/// <c>NAME.int8_scale</c>. Loading widens everything back to float32 (<see cref="Expand"/>, called by
/// <see cref="StateDict.Load"/>), so a compressed model runs anywhere the original does: the saving is on disk and in
/// download size, not in arithmetic.
/// </summary>
public static class WeightCompression
{
    public const string ScaleSuffix = ".int8_scale";

    /// <summary>The metadata key that records the format in a compressed file.</summary>
    public const string MetadataKey = "pigment.weights";

    /// <summary>Matrices with fewer elements than this stay float32 under int8 (their scales would cost as much as they save).</summary>
    public const long SmallestQuantized = 256;

    public static string Name(WeightFormat format) => format switch
    {
        WeightFormat.Float32 => "fp32",
        WeightFormat.BFloat16 => "bf16",
        WeightFormat.Float16 => "fp16",
        WeightFormat.Int8 => "int8",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    public static WeightFormat Parse(string name) =>
        Enum.GetValues<WeightFormat>().FirstOrDefault(f => Name(f) == name.ToLowerInvariant(), (WeightFormat)(-1)) is var format && Enum.IsDefined(format)
            ? format
            : throw new PigmentException($"Unknown weight format '{name}': use {string.Join(", ", Enum.GetValues<WeightFormat>().Select(Name))}.");

    /// <summary>The tensors of a float32 state in <paramref name="format"/> (new tensors; the caller disposes them). Only
    /// float32 tensors are compressed.</summary>
    public static Dictionary<string, Tensor> Compress(IReadOnlyDictionary<string, Tensor> state, WeightFormat format)
    {
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        using var noGrad = torch.no_grad();
        foreach (var (name, tensor) in state)
        {
            if (name.EndsWith(ScaleSuffix, StringComparison.Ordinal))
                throw new PigmentException($"'{name}' already looks like a quantization scale: compress a float32 model.");
            if (tensor.dtype != ScalarType.Float32)
            {
                // Integers, and float64 scalars kept for their precision (a CLIP's logit scale, a prior's
                // Cholesky factor), stay as they are.
                result[name] = tensor.clone();
                continue;
            }
            switch (format)
            {
                case WeightFormat.Float32:
                    result[name] = tensor.to(ScalarType.Float32, copy: true);
                    break;
                case WeightFormat.BFloat16:
                case WeightFormat.Float16:
                    result[name] = tensor.to(format == WeightFormat.BFloat16 ? ScalarType.BFloat16 : ScalarType.Float16, copy: true);
                    break;
                case WeightFormat.Int8 when tensor.dim() >= 2 && tensor.numel() >= SmallestQuantized:
                    var (q, scale) = Quantize(tensor);
                    result[name] = q;
                    result[name + ScaleSuffix] = scale;
                    break;
                default:
                    result[name] = tensor.to(ScalarType.Float32, copy: true);
                    break;
            }
        }
        return result;
    }

    /// <summary>Per-output-channel symmetric int8: q = round(w / s_c) with s_c = max|w_c| / 127 (1 for an all-zero channel).</summary>
    public static (Tensor Quantized, Tensor Scale) Quantize(Tensor weight)
    {
        using var scope = torch.NewDisposeScope();
        var rows = weight.to(ScalarType.Float32).reshape(weight.shape[0], -1);                         // (C_out, rest)
        var peak = rows.abs().amax([1]);                                                              // (C_out)
        var scale = torch.where(peak.GreaterThan(0.0), peak.Div(127.0), torch.ones_like(peak));
        var q = rows.div(scale.unsqueeze(1)).round().Clamp(-127.0, 127.0).to(ScalarType.Int8).reshape(weight.shape);
        return (q.MoveToOuterDisposeScope(), scale.MoveToOuterDisposeScope());
    }

    /// <summary>w = s_c · q, float32, <paramref name="quantized"/>'s shape.</summary>
    public static Tensor Dequantize(Tensor quantized, Tensor scale)
    {
        using var scope = torch.NewDisposeScope();
        var shape = new long[quantized.dim()];
        Array.Fill(shape, 1L);
        shape[0] = quantized.shape[0];
        return quantized.to(ScalarType.Float32).mul(scale.reshape(shape)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The tensors as a module loads them: int8 matrices with their scales dequantized to float32 (the scales
    /// removed), everything else as it is (bfloat16 and float16 are widened by the copy into the module). A file
    /// without int8 tensors comes back as the same dictionary.
    /// </summary>
    public static IReadOnlyDictionary<string, Tensor> Expand(IReadOnlyDictionary<string, Tensor> tensors, out List<Tensor> made)
    {
        made = [];
        if (!tensors.Keys.Any(k => k.EndsWith(ScaleSuffix, StringComparison.Ordinal)))
            return tensors;
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in tensors)
        {
            if (name.EndsWith(ScaleSuffix, StringComparison.Ordinal))
            {
                if (!tensors.ContainsKey(name[..^ScaleSuffix.Length]))
                    throw new PigmentException($"'{name}' scales a tensor the file does not hold.");
                continue;
            }
            if (tensors.TryGetValue(name + ScaleSuffix, out var scale))
            {
                if (tensor.dtype != ScalarType.Int8 || scale.dim() != 1 || scale.shape[0] != tensor.shape[0])
                    throw new PigmentException($"'{name}' is not an int8 tensor with one scale per output channel.");
                var weight = Dequantize(tensor, scale);
                made.Add(weight);
                result[name] = weight;
            }
            else
            {
                result[name] = tensor;
            }
        }
        return result;
    }
}
