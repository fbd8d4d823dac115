using System.Text.Json;
using Pigment.Core;

namespace Pigment.Pipelines;

/// <summary>
/// Finds trained models: a name under models/ (e.g. "ddpm-mnist") or the path of a model folder (a run folder works
/// too). A folder is a model in one of two layouts:
/// <list type="bullet">
/// <item>one part: config.json (whose "family" says which pipeline loads it) and model.safetensors;</item>
/// <item>several parts, as Diffusers lays out a pipeline: <c>model_index.json</c> names the family and the parts,
/// <c>{"family": "…", "parts": {"vae": "autoencoder", "text_encoder": "text-encoder", "unet": "unet",
/// "scheduler": "scheduler"}}</c> (part name → kind), and each part is a subfolder of that name with its own
/// config.json and, when it has weights, model.safetensors.</item>
/// </list>
/// </summary>
public static class ModelStore
{
    public const string IndexFile = "model_index.json";

    /// <summary>One component of a model: its name, kind, folder, config and (optional) weights.</summary>
    public sealed record ModelPart(string Name, string Kind, string Folder)
    {
        public string ConfigFile => Path.Combine(Folder, "config.json");

        public string WeightsFile => Path.Combine(Folder, "model.safetensors");

        public bool HasWeights => File.Exists(WeightsFile);
    }

    public sealed record ModelLocation(string Name, string Folder, string Family)
    {
        /// <summary>The parts; a one-part model has one, named "model", at the folder itself.</summary>
        public IReadOnlyList<ModelPart> Parts { get; init; } = [new ModelPart("model", Family, Folder)];

        public bool IsMultiPart => File.Exists(Path.Combine(Folder, IndexFile));

        /// <summary>The one part's config (a one-part model).</summary>
        public string ConfigFile => Path.Combine(Folder, "config.json");

        /// <summary>The one part's weights (a one-part model).</summary>
        public string WeightsFile => Path.Combine(Folder, "model.safetensors");

        /// <summary>The part called <paramref name="name"/>; an error lists the parts there are.</summary>
        public ModelPart Part(string name) =>
            Parts.FirstOrDefault(p => p.Name == name)
            ?? throw new PigmentException($"Model '{Name}' has no part '{name}': its parts are {string.Join(", ", Parts.Select(p => p.Name))}.");

        /// <summary>The model card (README.md), if the folder has one.</summary>
        public string? CardFile => File.Exists(Path.Combine(Folder, "README.md")) ? Path.Combine(Folder, "README.md") : null;
    }

    private static bool IsModelFolder(string folder) =>
        File.Exists(Path.Combine(folder, "config.json")) || File.Exists(Path.Combine(folder, IndexFile));

    public static IReadOnlyList<string> Installed() =>
        Directory.Exists(PigmentPaths.ModelsFolder)
            ? Directory.GetDirectories(PigmentPaths.ModelsFolder)
                .Where(IsModelFolder)
                .Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray()
            : [];

    public static ModelLocation Resolve(string name)
    {
        string? folder = null;
        if (Directory.Exists(name) && IsModelFolder(name))
            folder = Path.GetFullPath(name);
        else if (!name.Contains('/') && Directory.Exists(Path.Combine(PigmentPaths.ModelsFolder, name)))
            folder = Path.Combine(PigmentPaths.ModelsFolder, name);
        if (folder is null || !IsModelFolder(folder))
        {
            var installed = Installed();
            throw new PigmentException($"Unknown model '{name}': give a folder with config.json and model.safetensors (or {IndexFile} and its parts), or one of models/ ({(installed.Count == 0 ? "none installed" : string.Join(", ", installed))}).");
        }
        var modelName = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        if (File.Exists(Path.Combine(folder, IndexFile)))
            return ResolveParts(modelName, folder);
        if (!File.Exists(Path.Combine(folder, "model.safetensors")))
            throw new PigmentException($"Model folder '{folder}' has no model.safetensors yet (is its training still at the start?).");
        using var document = ReadJson(Path.Combine(folder, "config.json"));
        var family = document.RootElement.TryGetProperty("family", out var f) ? f.GetString() ?? "" : "";
        return new ModelLocation(modelName, folder, family);
    }

    /// <summary>
    /// Writes a multi-part model folder: each part's config.json and model.safetensors copied from its trained folder
    /// into <paramref name="folder"/>/NAME, and the index naming the parts. Existing files are replaced only after
    /// every copy succeeded.
    /// </summary>
    public static void WriteParts(string folder, string family, IReadOnlyList<(string Name, string Kind, string Source)> parts)
    {
        foreach (var (name, _, source) in parts)
            foreach (var file in new[] { "config.json", "model.safetensors" })
                if (!File.Exists(Path.Combine(source, file)))
                    throw new PigmentException($"Part '{name}': '{source}' has no {file}.");
        Directory.CreateDirectory(folder);
        foreach (var (name, _, source) in parts)
        {
            var target = Path.Combine(folder, name);
            Directory.CreateDirectory(target);
            foreach (var file in new[] { "config.json", "model.safetensors" })
            {
                var temporary = Path.Combine(target, file + ".partial");
                File.Copy(Path.Combine(source, file), temporary, overwrite: true);
                File.Move(temporary, Path.Combine(target, file), overwrite: true);
            }
        }
        var index = new Dictionary<string, object>
        {
            ["family"] = family,
            ["parts"] = parts.ToDictionary(p => p.Name, p => (object)p.Kind),
        };
        AtomicFile.WriteAllText(Path.Combine(folder, IndexFile), JsonSerializer.Serialize(index, new JsonSerializerOptions { WriteIndented = true }));
    }

    private static ModelLocation ResolveParts(string name, string folder)
    {
        var index = Path.Combine(folder, IndexFile);
        using var document = ReadJson(index);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("family", out var family) || family.ValueKind != JsonValueKind.String
            || !root.TryGetProperty("parts", out var parts) || parts.ValueKind != JsonValueKind.Object)
            throw new PigmentException($"'{index}' must be an object with a \"family\" string and a \"parts\" object (part name → kind).");
        var list = new List<ModelPart>();
        foreach (var part in parts.EnumerateObject())
        {
            var partFolder = Path.Combine(folder, part.Name);
            if (!File.Exists(Path.Combine(partFolder, "config.json")))
                throw new PigmentException($"Model '{name}' names a part '{part.Name}' in {IndexFile}, but '{partFolder}' has no config.json.");
            list.Add(new ModelPart(part.Name, part.Value.GetString() ?? "", partFolder));
        }
        if (list.Count == 0)
            throw new PigmentException($"'{index}' names no parts.");
        return new ModelLocation(name, folder, family.GetString()!) { Parts = list };
    }

    private static JsonDocument ReadJson(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new PigmentException($"'{path}' is not valid JSON: {e.Message}");
        }
    }
}
