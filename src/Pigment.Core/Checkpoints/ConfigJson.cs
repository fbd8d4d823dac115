using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pigment.Core.Checkpoints;

/// <summary>
/// Model and sampler configs as <c>config.json</c>: snake_case keys (as Diffusers writes them), indented, and
/// strict on reading: an unknown key or a wrong type is an error that names the file.
/// </summary>
public static class ConfigJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize<T>(T config) => JsonSerializer.Serialize(config, Options);

    public static void Save<T>(string path, T config) => AtomicFile.WriteAllText(path, Serialize(config) + "\n");

    public static T Load<T>(string path)
    {
        if (!File.Exists(path))
            throw new PigmentException($"No such file: '{path}'.");
        return Deserialize<T>(File.ReadAllText(path), path);
    }

    public static T Deserialize<T>(string json, string source = "the config")
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options) ?? throw new PigmentException($"'{source}' holds no config.");
        }
        catch (JsonException e)
        {
            throw new PigmentException($"'{source}' is not a valid {typeof(T).Name}: {e.Message}");
        }
    }
}
