using System.Buffers.Binary;
using System.IO.Compression;

namespace Pigment.Core.Data;

/// <summary>
/// The IDX format of MNIST and its relatives: a big-endian magic (0, 0, type, number of dimensions), the
/// dimension sizes as big-endian 32-bit integers, then the data. Only type 0x08 (unsigned byte) is used by these
/// datasets and supported here. Files may be gzipped (detected by the gzip magic bytes).
/// </summary>
public static class Idx
{
    private const byte UnsignedByte = 0x08;

    public sealed record Array(int[] Dimensions, byte[] Data);

    public static Array Read(string path)
    {
        if (!File.Exists(path))
            throw new PigmentException($"No such file: '{path}'.");
        using var file = File.OpenRead(path);
        return Read(file, path);
    }

    public static Array Read(Stream stream, string source = "the data")
    {
        var bytes = ReadAll(stream);
        if (bytes.Length >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B)
        {
            try
            {
                using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
                bytes = ReadAll(gzip);
            }
            catch (InvalidDataException e)
            {
                throw new PigmentException($"'{source}' is a damaged gzip file: {e.Message}");
            }
        }
        if (bytes.Length < 4 || bytes[0] != 0 || bytes[1] != 0)
            throw new PigmentException($"'{source}' is not an IDX file (bad magic number).");
        if (bytes[2] != UnsignedByte)
            throw new PigmentException($"'{source}' holds IDX type 0x{bytes[2]:X2}; only unsigned bytes (0x08) are supported.");
        int rank = bytes[3];
        if (bytes.Length < 4 + 4 * rank)
            throw new PigmentException($"'{source}' is truncated inside its IDX header.");
        var dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * i));
            count *= dims[i];
        }
        int offset = 4 + 4 * rank;
        if (bytes.Length - offset != count)
            throw new PigmentException($"'{source}' has {bytes.Length - offset} data bytes but its header promises {count}.");
        return new Array(dims, bytes[offset..]);
    }

    public static void Write(Stream stream, int[] dimensions, ReadOnlySpan<byte> data, bool gzip)
    {
        using var buffer = new MemoryStream();
        buffer.Write([0, 0, UnsignedByte, (byte)dimensions.Length]);
        Span<byte> dim = stackalloc byte[4];
        foreach (var d in dimensions)
        {
            BinaryPrimitives.WriteInt32BigEndian(dim, d);
            buffer.Write(dim);
        }
        buffer.Write(data);
        if (!gzip)
        {
            buffer.WriteTo(stream);
            return;
        }
        using var compressed = new GZipStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
        buffer.WriteTo(compressed);
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
