using Pigment.Core;
using Pigment.Core.Imaging;

namespace Pigment.Web;

/// <summary>
/// Images that arrive in a request: base64 (a <c>data:image/…;base64,</c> prefix is allowed), PNG or JPEG sniffed from
/// the bytes (never trusted from a name or type), and the size read from the header and capped before any pixel is
/// decoded.
/// </summary>
public static class Uploads
{
    public static byte[] Bytes(string base64, string field)
    {
        var text = base64.AsSpan().Trim();
        if (text.StartsWith("data:", StringComparison.Ordinal))
        {
            int comma = text.IndexOf(',');
            if (comma < 0 || !text[..comma].EndsWith(";base64", StringComparison.Ordinal))
                throw new PigmentException($"{field}: a data: URL must be base64 (data:image/png;base64,…).");
            text = text[(comma + 1)..];
        }
        var bytes = new byte[text.Length * 3 / 4 + 3];
        if (!Convert.TryFromBase64Chars(text, bytes, out int written))
            throw new PigmentException($"{field} is not valid base64.");
        return bytes[..written];
    }

    public static PixelImage Image(string base64, string field, long maxPixels)
    {
        var bytes = Bytes(base64, field);
        if (!ImageIO.IsPngOrJpeg(bytes))
            throw new PigmentException($"{field} is not a PNG or JPEG image.");
        return ImageIO.Decode(bytes, field, maxPixels);
    }

    /// <summary>A PNG for a JSON answer: plain base64 (as A1111's API) or a data: URL (for the page).</summary>
    public static string Base64(byte[] png, bool dataUrl = false) =>
        (dataUrl ? "data:image/png;base64," : "") + Convert.ToBase64String(png);
}
