using System.Text.Json;
using Pigment.Core;

namespace Pigment.Pipelines;

/// <summary>
/// Finds trained models: a name under models/ (e.g. "ddpm-mnist") or the path of a folder holding config.json and
/// model.safetensors (a run folder works too). The config's "family" says which pipeline loads it.
/// </summary>
public static class ModelStore
{
    public sealed record ModelLocation(string Name, string Folder, string Family)
    {
        public string ConfigFile => Path.Combine(Folder, "config.json");

        public string WeightsFile => Path.Combine(Folder, "model.safetensors");
    }

    public static IReadOnlyList<string> Installed() =>
        Directory.Exists(PigmentPaths.ModelsFolder)
            ? Directory.GetDirectories(PigmentPaths.ModelsFolder)
                .Where(d => File.Exists(Path.Combine(d, "config.json")))
                .Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray()
            : [];

    public static ModelLocation Resolve(string name)
    {
        string? folder = null;
        if (Directory.Exists(name) && File.Exists(Path.Combine(name, "config.json")))
            folder = Path.GetFullPath(name);
        else if (!name.Contains('/') && Directory.Exists(Path.Combine(PigmentPaths.ModelsFolder, name)))
            folder = Path.Combine(PigmentPaths.ModelsFolder, name);
        if (folder is null || !File.Exists(Path.Combine(folder, "config.json")))
        {
            var installed = Installed();
            throw new PigmentException($"Unknown model '{name}': give a folder with config.json and model.safetensors, or one of models/ ({(installed.Count == 0 ? "none installed" : string.Join(", ", installed))}).");
        }
        if (!File.Exists(Path.Combine(folder, "model.safetensors")))
            throw new PigmentException($"Model folder '{folder}' has no model.safetensors yet (is its training still at the start?).");
        string family;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "config.json")));
            family = document.RootElement.TryGetProperty("family", out var f) ? f.GetString() ?? "" : "";
        }
        catch (JsonException e)
        {
            throw new PigmentException($"'{Path.Combine(folder, "config.json")}' is not valid JSON: {e.Message}");
        }
        return new ModelLocation(Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)), folder, family);
    }
}
