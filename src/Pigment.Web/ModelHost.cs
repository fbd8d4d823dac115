using Pigment.Core;
using Pigment.Pipelines;
using Pigment.Pipelines.Generation;

namespace Pigment.Web;

/// <summary>
/// The models the server offers: the model folders under its models folder whose family generates images, by name
/// only (a request never names a path). Each is opened once, on first use, and kept: requests are validated against
/// it when they arrive, and the one worker generates with it.
/// </summary>
public sealed class ModelHost : IDisposable
{
    private readonly string _folder;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, IImageGenerator> _open = new(StringComparer.Ordinal);

    public ModelHost(string modelsFolder) => _folder = Path.GetFullPath(modelsFolder);

    /// <summary>The model AUTOMATIC1111-style requests use when they name none (set through /sdapi/v1/options).</summary>
    public string? DefaultModel { get; set; }

    /// <summary>The served models' names, sorted, then the classic (learning-free) generators.</summary>
    public IReadOnlyList<string> Names()
    {
        var names = new List<string>();
        if (!Directory.Exists(_folder))
            return ClassicGenerator.Names;
        foreach (var folder in Directory.GetDirectories(_folder).Order(StringComparer.Ordinal))
        {
            try
            {
                if (Generators.FamilyNames.Contains(ModelStore.Resolve(folder).Family))
                    names.Add(Path.GetFileName(folder));
            }
            catch (PigmentException)
            {
                // Not a model folder (or one still training): not offered.
            }
        }
        names.AddRange(ClassicGenerator.Names);
        return names;
    }

    /// <summary>The model called <paramref name="name"/>, opened on first use; an unknown name is a clear error.</summary>
    public IImageGenerator Get(string name)
    {
        lock (_gate)
        {
            if (_open.TryGetValue(name, out var generator))
                return generator;
            var names = Names();
            if (!names.Contains(name, StringComparer.Ordinal))
                throw new PigmentException($"Unknown model '{name}': this server has {(names.Count == 0 ? "none" : string.Join(", ", names))}.");
            generator = ClassicGenerator.Names.Contains(name)
                ? ClassicGenerator.Open(name)
                : Generators.Open(ModelStore.Resolve(Path.Combine(_folder, name)));
            _open[name] = generator;
            return generator;
        }
    }

    public ModelInfo Info(string name) => ModelInfo.Of(Get(name), Card(name) is not null);

    /// <summary>The model card's markdown, or null.</summary>
    public string? Card(string name)
    {
        if (!Names().Contains(name, StringComparer.Ordinal))
            return null;
        var file = Path.Combine(_folder, name, "README.md");
        return File.Exists(file) ? File.ReadAllText(file) : null;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var generator in _open.Values)
                generator.Dispose();
            _open.Clear();
        }
    }
}
