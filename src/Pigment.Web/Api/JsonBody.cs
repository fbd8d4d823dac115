using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Pigment.Core;

namespace Pigment.Web.Api;

/// <summary>
/// Reads a JSON request body with the server's size limit and strict fields: a field the type does not have is an
/// error naming it, never silently ignored.
/// </summary>
public static class JsonBody
{
    public static readonly JsonSerializerOptions Strict = new()
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
    };

    public static async Task<byte[]> ReadBytes(HttpRequest request, long limit)
    {
        if (request.ContentLength > limit)
            throw new BodyTooLargeException(limit);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk)) > 0)
        {
            if (buffer.Length + read > limit)
                throw new BodyTooLargeException(limit);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    public static async Task<T> Read<T>(HttpRequest request, long limit)
    {
        var bytes = await ReadBytes(request, limit);
        if (bytes.Length == 0)
            throw new PigmentException("The request has no body: send a JSON object.");
        return JsonSerializer.Deserialize<T>(bytes, Strict) ?? throw new PigmentException("The body must be a JSON object, not null.");
    }

    public static async Task<JsonElement> ReadObject(HttpRequest request, long limit)
    {
        var bytes = await ReadBytes(request, limit);
        if (bytes.Length == 0)
            throw new PigmentException("The request has no body: send a JSON object.");
        using var document = JsonDocument.Parse(bytes);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            throw new PigmentException("The body must be a JSON object.");
        return document.RootElement.Clone();
    }

    /// <summary>A JSON error in one line: which field (by its path) and what was wrong.</summary>
    public static string Describe(JsonException e)
    {
        var where = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" at {e.Path}";
        if (e.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            var start = e.Message.IndexOf('\'');
            var end = start < 0 ? -1 : e.Message.IndexOf('\'', start + 1);
            var field = start >= 0 && end > start ? e.Message[(start + 1)..end] : "?";
            return $"Unknown field '{field}': this server does not use it.";
        }
        return $"The body is not valid JSON for this request{where}" + (e.InnerException is { } inner ? $": {inner.Message}" : ".");
    }
}
