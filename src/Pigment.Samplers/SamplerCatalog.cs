using Pigment.Core;

namespace Pigment.Samplers;

/// <summary>The samplers by their command-line names.</summary>
public static class SamplerCatalog
{
    private static readonly Func<ISampler>[] Factories =
    [
        () => new DdpmSampler(),
        () => new DdimSampler(),
        () => new EulerSampler(),
        () => new EulerAncestralSampler(),
        () => new DpmSolverPlusPlus2MSampler(),
        () => new DpmSolverPlusPlus2MSampler(stochastic: true),
    ];

    public static IReadOnlyList<string> Names { get; } = Factories.Select(f => f().Name).ToArray();

    public static ISampler Create(string name) =>
        Factories.Select(f => f()).FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new PigmentException($"Unknown sampler '{name}': use {string.Join(", ", Names)}.");

    /// <summary>The A1111-style name with its schedule, e.g. "DPM++ 2M Karras".</summary>
    public static string DisplayName(ISampler sampler, SamplerOptions options) =>
        sampler.DisplayName + (options.Karras ? " Karras" : "") + (sampler is DdimSampler && options.Eta > 0 ? $" (eta {options.Eta:0.##})" : "") + (options.ClipDenoised ? "" : " (no clip)");

    /// <summary>
    /// The sampler and settings a <see cref="DisplayName"/> names ("DPM++ 2M Karras", "DDIM (eta 0.5)"), to reproduce
    /// an image from its PNG parameters; <paramref name="steps"/> fills in the step count.
    /// </summary>
    public static (string Name, SamplerOptions Options) FromDisplayName(string displayName, int steps)
    {
        var text = displayName.Trim();
        bool clip = !text.EndsWith(" (no clip)", StringComparison.Ordinal);
        if (!clip)
            text = text[..^" (no clip)".Length];
        double eta = 0;
        var etaMatch = System.Text.RegularExpressions.Regex.Match(text, @" \(eta ([0-9.]+)\)$");
        if (etaMatch.Success)
        {
            eta = double.Parse(etaMatch.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            text = text[..etaMatch.Index];
        }
        bool karras = text.EndsWith(" Karras", StringComparison.Ordinal);
        if (karras)
            text = text[..^" Karras".Length];
        var sampler = Factories.Select(f => f()).FirstOrDefault(s => s.DisplayName == text)
            ?? throw new PigmentException($"Unknown sampler '{displayName}': Pigment's are {string.Join(", ", Factories.Select(f => f().DisplayName))}.");
        return (sampler.Name, new SamplerOptions { Steps = steps, Karras = karras, Eta = eta, ClipDenoised = clip });
    }
}
