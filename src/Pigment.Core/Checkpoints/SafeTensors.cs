using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Core.Checkpoints;

/// <summary>
/// The safetensors format: an 8-byte little-endian header length N, N bytes of JSON, then the raw data.
/// The JSON maps each tensor name to {"dtype", "shape", "data_offsets": [begin, end]} (offsets relative to the
/// start of the data, little-endian, row-major), plus an optional "__metadata__" map of strings to strings.
/// The header is padded with spaces to a multiple of 8 bytes so the data starts aligned.
/// Tensors are written in name order and must cover the data exactly: no gaps, no overlaps.
/// </summary>
public static class SafeTensors
{
    private const string MetadataKey = "__metadata__";
    private const long MaxHeaderBytes = 100_000_000;

    /// <summary>The file's tensors (on the CPU) and its metadata.</summary>
    public sealed record Contents(IReadOnlyDictionary<string, Tensor> Tensors, IReadOnlyDictionary<string, string> Metadata) : IDisposable
    {
        public void Dispose()
        {
            foreach (var tensor in Tensors.Values)
                tensor.Dispose();
        }
    }

    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        AtomicFile.Write(path, stream => Write(stream, tensors, metadata));

    public static byte[] Serialize(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var stream = new MemoryStream();
        Write(stream, tensors, metadata);
        return stream.ToArray();
    }

    public static void Write(Stream stream, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            var meta = new JsonObject();
            foreach (var (key, value) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
                meta[key] = value;
            header[MetadataKey] = meta;
        }
        var ordered = tensors.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        long offset = 0;
        foreach (var (name, tensor) in ordered)
        {
            if (name == MetadataKey)
                throw new ArgumentException($"'{MetadataKey}' is reserved and cannot name a tensor.");
            long size = tensor.NumberOfElements * DTypeSize(tensor.dtype);
            header[name] = new JsonObject
            {
                ["dtype"] = DTypeName(tensor.dtype),
                ["shape"] = new JsonArray(tensor.shape.Select(d => (JsonNode)JsonValue.Create(d)).ToArray()),
                ["data_offsets"] = new JsonArray(JsonValue.Create(offset), JsonValue.Create(offset + size)),
            };
            offset += size;
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        int padded = (json.Length + 7) / 8 * 8;
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        stream.Write(length);
        stream.Write(json);
        for (int i = json.Length; i < padded; i++)
            stream.WriteByte((byte)' ');
        foreach (var (_, tensor) in ordered)
        {
            using var cpu = tensor.detach().to(CPU).contiguous();
            if (!BitConverter.IsLittleEndian)
                throw new PlatformNotSupportedException("safetensors data is little-endian; big-endian hosts are not supported.");
            cpu.WriteBytesToStream(stream, StreamBuffer);        // in pieces: a tensor may exceed 2 GB
        }
    }

    /// <summary>Buffer for streaming tensor data to and from files (tensor data never passes through one large array).</summary>
    private const int StreamBuffer = 1 << 20;

    /// <summary>Reads a safetensors file: the header first, then each tensor's bytes streamed straight into its own
    /// storage, so files and tensors larger than 2 GB load.</summary>
    public static Contents Load(string path)
    {
        if (!File.Exists(path))
            throw new PigmentException($"No such file: '{path}'.");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, StreamBuffer);
        return Read(stream, path);
    }

    /// <summary>Parses safetensors bytes; every inconsistency is a <see cref="PigmentException"/> naming the source.</summary>
    public static Contents Deserialize(byte[] bytes, string source = "the data")
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return Read(stream, source);
    }

    /// <summary>The tensors' names and shapes, from the header alone (no tensor data is read).</summary>
    public static IReadOnlyDictionary<string, long[]> Shapes(string path)
    {
        if (!File.Exists(path))
            throw new PigmentException($"No such file: '{path}'.");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var (entries, _, _) = ReadHeader(stream, path);
        return entries.ToDictionary(e => e.Name, e => e.Shape, StringComparer.Ordinal);
    }

    /// <summary>A seekable stream holding one safetensors file from its start.</summary>
    private static Contents Read(Stream stream, string source)
    {
        var (ordered, metadata, dataStart) = ReadHeader(stream, source);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var e in ordered)
            {
                var tensor = torch.empty(e.Shape, e.DType);
                tensors[e.Name] = tensor;
                stream.Position = dataStart + e.Begin;
                if (e.End > e.Begin)
                    tensor.ReadBytesFromStream(stream, StreamBuffer);
            }
        }
        catch
        {
            foreach (var t in tensors.Values)
                t.Dispose();
            throw;
        }
        return new Contents(tensors, metadata);
    }

    /// <summary>The header, checked: tensor entries in data order (covering the data exactly), metadata, and where the data starts.</summary>
    private static (List<(string Name, ScalarType DType, long[] Shape, long Begin, long End)> Entries, Dictionary<string, string> Metadata, long DataStart) ReadHeader(Stream stream, string source)
    {
        PigmentException Bad(string why) => new($"'{source}' is not a valid safetensors file: {why}.");
        long length = stream.Length;
        if (length < 8)
            throw Bad("it is shorter than the 8-byte header length");
        Span<byte> prefix = stackalloc byte[8];
        stream.ReadExactly(prefix);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderBytes || 8 + headerLength > (ulong)length)
            throw Bad($"its header length {headerLength} does not fit the file's {length} bytes");
        long dataStart = 8 + (long)headerLength;
        var headerBytes = new byte[(int)headerLength];
        stream.ReadExactly(headerBytes);
        JsonObject header;
        try
        {
            header = JsonNode.Parse(headerBytes) as JsonObject ?? throw Bad("the header is not a JSON object");
        }
        catch (JsonException e)
        {
            throw Bad($"the header is not valid JSON ({e.Message})");
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = new List<(string Name, ScalarType DType, long[] Shape, long Begin, long End)>();
        foreach (var (name, node) in header)
        {
            if (name == MetadataKey)
            {
                if (node is not JsonObject meta)
                    throw Bad("__metadata__ is not an object");
                foreach (var (key, value) in meta)
                    metadata[key] = value is JsonValue v && v.TryGetValue<string>(out var text) ? text : throw Bad($"metadata '{key}' is not a string");
                continue;
            }
            try
            {
                var entry = node!.AsObject();
                var dtype = ParseDType(entry["dtype"]!.GetValue<string>()) ?? throw Bad($"tensor '{name}' has unsupported dtype {entry["dtype"]}");
                var shape = entry["shape"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
                var offsets = entry["data_offsets"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
                if (offsets.Length != 2 || shape.Any(d => d < 0))
                    throw Bad($"tensor '{name}' has a malformed shape or data_offsets");
                long expected = shape.Aggregate(1L, (a, d) => a * d) * DTypeSize(dtype);
                if (offsets[1] - offsets[0] != expected)
                    throw Bad($"tensor '{name}' has {offsets[1] - offsets[0]} bytes but its shape and dtype need {expected}");
                entries.Add((name, dtype, shape, offsets[0], offsets[1]));
            }
            catch (Exception e) when (e is InvalidOperationException or NullReferenceException or FormatException)
            {
                throw Bad($"tensor '{name}' has a malformed entry");
            }
        }

        // The data must be covered exactly, in order: no gaps, no overlaps, nothing past the end.
        long position = 0;
        var ordered = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ToList();
        foreach (var e in ordered)
        {
            if (e.Begin != position)
                throw Bad($"tensor '{e.Name}' starts at {e.Begin} where {position} was expected (gap or overlap)");
            position = e.End;
        }
        if (position != length - dataStart)
            throw Bad($"the tensors cover {position} bytes of data but the file holds {length - dataStart}");
        return (ordered, metadata, dataStart);
    }

    public static string DTypeName(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => "F32",
        ScalarType.Float16 => "F16",
        ScalarType.BFloat16 => "BF16",
        ScalarType.Float64 => "F64",
        ScalarType.Int64 => "I64",
        ScalarType.Int32 => "I32",
        ScalarType.Int16 => "I16",
        ScalarType.Int8 => "I8",
        ScalarType.Byte => "U8",
        ScalarType.Bool => "BOOL",
        _ => throw new ArgumentException($"safetensors has no dtype for {dtype}."),
    };

    private static ScalarType? ParseDType(string name) => name switch
    {
        "F32" => ScalarType.Float32,
        "F16" => ScalarType.Float16,
        "BF16" => ScalarType.BFloat16,
        "F64" => ScalarType.Float64,
        "I64" => ScalarType.Int64,
        "I32" => ScalarType.Int32,
        "I16" => ScalarType.Int16,
        "I8" => ScalarType.Int8,
        "U8" => ScalarType.Byte,
        "BOOL" => ScalarType.Bool,
        _ => null,
    };

    private static long DTypeSize(ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 or ScalarType.Int64 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        ScalarType.Int8 or ScalarType.Byte or ScalarType.Bool => 1,
        _ => throw new ArgumentException($"safetensors has no dtype for {dtype}."),
    };
}
