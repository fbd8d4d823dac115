using System.Text.Json;
using Pigment.Core;

namespace Pigment.Web.Api;

/// <summary>
/// Reads an AUTOMATIC1111 API body field by field. Every field is accounted for: one Pigment honours is read with
/// its type checked; one that changes nothing at its neutral value (A1111 clients send whole default payloads) is
/// accepted only at that value; anything else is a 400 naming the field and why. Nothing is silently ignored.
/// </summary>
public sealed class A1111Request
{
    private readonly JsonElement _body;
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    public A1111Request(JsonElement body) => _body = body;

    public bool Has(string name) => _body.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public string? String(string name)
    {
        if (!Get(name, out var v))
            return null;
        return v.ValueKind == JsonValueKind.String ? v.GetString() : throw Wrong(name, "a string");
    }

    public long? Integer(string name)
    {
        if (!Get(name, out var v))
            return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long n))
            return n;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double d) && d == Math.Floor(d) && Math.Abs(d) < 1e15)
            return (long)d;
        throw Wrong(name, "a whole number");
    }

    public double? Number(string name)
    {
        if (!Get(name, out var v))
            return null;
        return v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw Wrong(name, "a number");
    }

    public bool? Bool(string name)
    {
        if (!Get(name, out var v))
            return null;
        return v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : throw Wrong(name, "true or false");
    }

    public JsonElement? Raw(string name) => Get(name, out var v) ? v : null;

    /// <summary>Fields that have no effect here, whatever their value (bookkeeping such as save_images, or settings
    /// that only matter when another field, checked separately, turns them on).</summary>
    public void Accept(params string[] names)
    {
        foreach (var name in names)
            _seen.Add(name);
    }

    /// <summary>A field A1111 has but Pigment does not honour: accepted only at a value that changes nothing.</summary>
    public void Neutral(string name, string why, params object?[] neutral)
    {
        _seen.Add(name);
        if (!_body.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            return;
        bool ok = v.ValueKind switch
        {
            JsonValueKind.True or JsonValueKind.False => neutral.Contains(v.GetBoolean()),
            JsonValueKind.Number => neutral.OfType<double>().Contains(v.GetDouble()),
            JsonValueKind.String => neutral.OfType<string>().Contains(v.GetString()),
            JsonValueKind.Array => v.GetArrayLength() == 0 && neutral.Contains("[]"),
            JsonValueKind.Object => !v.EnumerateObject().Any() && neutral.Contains("{}"),
            _ => false,
        };
        if (!ok)
            throw new PigmentException($"{name}: {why}; leave it out or send {string.Join(" or ", neutral.Select(Show))}.");
    }

    /// <summary>Throws naming the first field that was neither read nor accepted.</summary>
    public void RejectUnknown()
    {
        foreach (var field in _body.EnumerateObject())
            if (!_seen.Contains(field.Name))
                throw new PigmentException($"Unknown field '{field.Name}': Pigment does not support it.");
    }

    private bool Get(string name, out JsonElement value)
    {
        _seen.Add(name);
        return _body.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;
    }

    private static PigmentException Wrong(string name, string what) => new($"{name} must be {what}.");

    private static string Show(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        string s when s is "[]" or "{}" => s,
        string s => $"\"{s}\"",
        double d => d.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
