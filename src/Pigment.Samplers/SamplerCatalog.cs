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
}
