using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Pigment.Core.Imaging;

/// <summary>
/// PNG text chunks (PNG specification §11.3.4): tEXt (Latin-1), zTXt (zlib-compressed Latin-1) and iTXt (UTF-8).
/// Pigment writes its generation settings under the keyword <c>parameters</c>, as AUTOMATIC1111's web UI does.
/// </summary>
public static class PngText
{
    public const string ParametersKeyword = "parameters";

    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly Encoding Latin1 = Encoding.Latin1;

    /// <summary>
    /// Returns the PNG with a text chunk inserted right after IHDR (and any earlier chunk of the same keyword
    /// removed): tEXt when the text is Latin-1, otherwise an uncompressed iTXt with UTF-8.
    /// </summary>
    public static byte[] Insert(byte[] png, string keyword, string text)
    {
        if (keyword.Length is < 1 or > 79 || keyword.Any(ch => ch < 32 || ch > 126))
            throw new ArgumentException("A PNG text keyword is 1-79 printable Latin-1 characters.", nameof(keyword));
        var chunks = ReadChunks(png);
        if (chunks.Count == 0 || chunks[0].Type != "IHDR")
            throw new PigmentException("Not a PNG file: the first chunk is not IHDR.");

        bool latin1 = text.All(ch => ch <= 0xFF) && !text.Contains('\0');
        byte[] body;
        string type;
        var key = Encoding.ASCII.GetBytes(keyword);
        if (latin1)
        {
            // tEXt: keyword, NUL, Latin-1 text.
            type = "tEXt";
            body = [.. key, 0, .. Latin1.GetBytes(text)];
        }
        else
        {
            // iTXt: keyword, NUL, compression flag 0, method 0, empty language tag NUL, empty translated keyword NUL, UTF-8 text.
            type = "iTXt";
            body = [.. key, 0, 0, 0, 0, 0, .. Encoding.UTF8.GetBytes(text)];
        }

        using var output = new MemoryStream(png.Length + body.Length + 12);
        output.Write(Signature);
        foreach (var chunk in chunks)
        {
            if (chunk.Type is "tEXt" or "iTXt" or "zTXt" && DecodeChunk(chunk).Keyword == keyword)
                continue;
            WriteChunk(output, chunk.Type, chunk.Data);
            if (chunk.Type == "IHDR")
                WriteChunk(output, type, body);
        }
        return output.ToArray();
    }

    /// <summary>All text chunks of a PNG, keyword to text, in file order (later duplicates win).</summary>
    public static IReadOnlyDictionary<string, string> Read(byte[] png)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in ReadChunks(png))
        {
            if (chunk.Type is "tEXt" or "zTXt" or "iTXt")
            {
                var (keyword, text) = DecodeChunk(chunk);
                result[keyword] = text;
            }
        }
        return result;
    }

    /// <summary>The <c>parameters</c> text of a PNG file, or null when it has none.</summary>
    public static string? ReadParameters(string path)
    {
        if (!File.Exists(path))
            throw new PigmentException($"No such file: '{path}'.");
        var bytes = File.ReadAllBytes(path);
        if (!bytes.AsSpan().StartsWith(Signature))
            throw new PigmentException($"'{path}' is not a PNG file (only PNG files carry Pigment's parameters text).");
        return Read(bytes).TryGetValue(ParametersKeyword, out var text) ? text : null;
    }

    private readonly record struct Chunk(string Type, byte[] Data);

    private static List<Chunk> ReadChunks(byte[] png)
    {
        if (!png.AsSpan().StartsWith(Signature))
            throw new PigmentException("Not a PNG file: the signature is missing.");
        var chunks = new List<Chunk>();
        int pos = Signature.Length;
        while (pos + 12 <= png.Length)
        {
            uint length = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos));
            if (length > int.MaxValue || pos + 12 + (long)length > png.Length)
                throw new PigmentException("The PNG file is truncated or corrupt (a chunk runs past the end).");
            var type = Encoding.ASCII.GetString(png, pos + 4, 4);
            var data = png.AsSpan(pos + 8, (int)length).ToArray();
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos + 8 + (int)length));
            if (crc != Crc32.Compute(png.AsSpan(pos + 4, 4 + (int)length)))
                throw new PigmentException($"The PNG file is corrupt: the CRC of its {type} chunk does not match.");
            chunks.Add(new Chunk(type, data));
            pos += 12 + (int)length;
            if (type == "IEND")
                break;
        }
        return chunks;
    }

    private static (string Keyword, string Text) DecodeChunk(Chunk chunk)
    {
        var data = chunk.Data;
        int nul = Array.IndexOf(data, (byte)0);
        if (nul < 0)
            return (Latin1.GetString(data), "");
        var keyword = Latin1.GetString(data, 0, nul);
        switch (chunk.Type)
        {
            case "tEXt":
                return (keyword, Latin1.GetString(data, nul + 1, data.Length - nul - 1));
            case "zTXt":
                // keyword NUL, compression method (0 = zlib), compressed text
                return (keyword, Latin1.GetString(Inflate(data.AsSpan(nul + 2).ToArray())));
            default:
                // iTXt: keyword NUL, compressed flag, method, language tag NUL, translated keyword NUL, text
                bool compressed = data[nul + 1] != 0;
                int languageEnd = Array.IndexOf(data, (byte)0, nul + 3);
                int translatedEnd = Array.IndexOf(data, (byte)0, languageEnd + 1);
                var text = data.AsSpan(translatedEnd + 1).ToArray();
                return (keyword, Encoding.UTF8.GetString(compressed ? Inflate(text) : text));
        }
    }

    private static byte[] Inflate(byte[] zlib)
    {
        using var input = new ZLibStream(new MemoryStream(zlib), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static void WriteChunk(Stream output, string type, byte[] data)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)data.Length);
        Encoding.ASCII.GetBytes(type, header[4..]);
        output.Write(header);
        output.Write(data);
        // The CRC covers the chunk type and data, not the length.
        uint crc = Crc32.Append(Crc32.Compute(header[4..]), data);
        Span<byte> crcBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crcBytes, crc);
        output.Write(crcBytes);
    }
}
