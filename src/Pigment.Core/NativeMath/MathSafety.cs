using TorchSharp;

namespace Pigment.Core.NativeMath;

/// <summary>The math settings in force in this process, and why: the self-check of libtorch's own kernels
/// (<see cref="Native"/>) and of the setting chosen (<see cref="Chosen"/>).</summary>
public sealed record MathSettings(ConvolutionMode Convolutions, int Threads, string Reason, KernelCheckReport Native, KernelCheckReport Chosen)
{
    /// <summary>The file the verdict was read from, when this process did not run the probes itself.</summary>
    public string? CachedIn { get; init; }
}

/// <summary>
/// Makes libtorch's math correct on this machine before the first training or sampling step: runs
/// <see cref="KernelSelfCheck"/> once per process and, when libtorch's kernels are wrong here, switches to the
/// first setting that the self-check finds exact: padded convolution channels (both cores kept), then padded
/// channels on one thread. Says so in one line through <see cref="Notice"/>.
/// <para>
/// <c>PIGMENT_CONVOLUTIONS</c> overrides the choice: <c>auto</c> (the default), <c>native</c> (libtorch's kernels as
/// they are, to measure the fix off) or <c>padded</c>.
/// </para>
/// <para>
/// The verdict is kept in the user's cache folder under a key of everything it depends on (the CPU's model, family,
/// stepping, microcode and flags; TorchSharp's and libtorch's versions; the thread count; the setting asked for; the
/// probes and their tolerance), so a later process on the same machine skips the probes (about a second). A new
/// CPU, library or probe set misses the cache and checks again. <c>PIGMENT_MATH_CACHE=0</c> disables it;
/// <c>pigment info</c> always checks afresh.
/// </para>
/// </summary>
public static class MathSafety
{
    public const string ConvolutionsVariable = "PIGMENT_CONVOLUTIONS";

    private static readonly object Gate = new();
    private static MathSettings? _active;

    /// <summary>Where the one-line notice goes when the self-check changes a setting (stderr by default).</summary>
    public static Action<string> Notice { get; set; } = line => Console.Error.WriteLine(line);

    /// <summary>The settings applied by <see cref="Ensure"/>, or null before the first call.</summary>
    public static MathSettings? Active
    {
        get
        {
            lock (Gate)
                return _active;
        }
    }

    /// <summary>Runs the self-check (or reads its cached verdict) and applies its settings the first time; later calls
    /// return the same settings. <paramref name="fresh"/> runs the probes even when a verdict is cached.</summary>
    public static MathSettings Ensure(bool fresh = false)
    {
        lock (Gate)
        {
            if (_active is not null && !(fresh && _active.CachedIn is not null))
                return _active;
            var requested = RequestedMode();
            int threads = torch.get_num_threads();
            var cache = MathVerdictCache.File(threads, requested);
            if (!fresh && cache is not null && MathVerdictCache.Read(cache) is { } cached)
                return Apply(cached with { CachedIn = cache }, requested);
            var native = KernelSelfCheck.Run(ConvolutionMode.Native, threads);
            MathSettings settings;
            if (requested is { } mode)
            {
                var chosen = mode == ConvolutionMode.Native ? native : KernelSelfCheck.Run(mode, threads);
                settings = new MathSettings(mode, threads, $"{ConvolutionsVariable}={mode.ToString().ToLowerInvariant()} set by the environment", native, chosen);
            }
            else if (native.Passed)
                settings = new MathSettings(ConvolutionMode.Native, threads, "libtorch's kernels are exact here", native, native);
            else
                settings = Repair(native, threads);
            if (cache is not null)
                MathVerdictCache.Write(cache, settings);
            return Apply(settings, requested);
        }
    }

    private static MathSettings Apply(MathSettings settings, ConvolutionMode? requested)
    {
        Convolutions.ProcessMode = settings.Convolutions;
        if (settings.Threads != torch.get_num_threads())
            torch.set_num_threads(settings.Threads);
        bool announce = _active is null;
        _active = settings;
        if (!announce)
            return settings;
        if (requested is null && !settings.Native.Passed)
            Notice($"pigment: {settings.Reason} ('pigment info' shows the self-check)");
        else if (!settings.Chosen.Passed)
            Notice($"pigment: warning: the math self-check fails with {ConvolutionsVariable}={settings.Convolutions.ToString().ToLowerInvariant()}: {settings.Chosen.Summary()}");
        return settings;
    }

    private static MathSettings Repair(KernelCheckReport native, int threads)
    {
        var faults = Describe(native.Failures);
        var padded = KernelSelfCheck.Run(ConvolutionMode.Padded, threads);
        if (padded.Passed)
            return new MathSettings(ConvolutionMode.Padded, threads,
                $"libtorch's kernels are wrong on this CPU ({faults}); convolutions run with channels padded to a multiple of {Convolutions.Block}, which the self-check finds exact",
                native, padded);
        if (threads > 1)
        {
            var single = KernelSelfCheck.Run(ConvolutionMode.Padded, 1);
            if (single.Passed)
                return new MathSettings(ConvolutionMode.Padded, 1,
                    $"libtorch's kernels are wrong on this CPU ({faults}), and with padded convolution channels still wrong at {threads} threads " +
                    $"({Describe(padded.Failures)}); running on one thread with padded channels, which the self-check finds exact",
                    native, single);
        }
        return new MathSettings(ConvolutionMode.Padded, threads,
            $"libtorch's kernels are wrong on this CPU ({faults}) and no setting Pigment knows makes them exact ({Describe(padded.Failures)}); results may be wrong",
            native, padded);
    }

    private static string Describe(IReadOnlyList<ProbeResult> failures) =>
        failures.Count <= 2
            ? string.Join(", ", failures.Select(f => f.Name))
            : $"{failures[0].Name}, {failures[1].Name} and {failures.Count - 2} more";

    private static ConvolutionMode? RequestedMode()
    {
        var text = Environment.GetEnvironmentVariable(ConvolutionsVariable)?.Trim().ToLowerInvariant();
        return text switch
        {
            null or "" or "auto" => null,
            "native" => ConvolutionMode.Native,
            "padded" => ConvolutionMode.Padded,
            _ => throw new PigmentException($"{ConvolutionsVariable}='{text}' is not a setting: use auto, native or padded."),
        };
    }
}
