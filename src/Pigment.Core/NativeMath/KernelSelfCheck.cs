using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Core.NativeMath;

/// <summary>One probe's relative error against the float64 reference (NaN when the float32 result is not finite).</summary>
public sealed record ProbeResult(string Name, double Error)
{
    public bool Passed => Error <= KernelSelfCheck.Tolerance;
}

/// <summary>The self-check of one setting (convolution mode and thread count): every probe's error and the time taken.</summary>
public sealed record KernelCheckReport(ConvolutionMode Mode, int Threads, IReadOnlyList<ProbeResult> Probes, TimeSpan Elapsed)
{
    public IReadOnlyList<ProbeResult> Failures => Probes.Where(p => !p.Passed).ToList();

    public bool Passed => Failures.Count == 0;

    /// <summary>"passed: 19 kernels exact at 2 threads (native convolutions) in 85 ms", or the failures.</summary>
    public string Summary()
    {
        var setting = $"{Probes.Count} kernels at {Threads} thread{(Threads == 1 ? "" : "s")}, {Mode.ToString().ToLowerInvariant()} convolutions, {Elapsed.TotalMilliseconds:0} ms";
        return Passed
            ? $"passed ({setting})"
            : $"FAILED ({setting}): " + string.Join("; ", Failures.Select(f => $"{f.Name} {(double.IsNaN(f.Error) ? "NaN" : $"off by {f.Error:G2}")}"));
    }
}

/// <summary>
/// Checks the math kernels of this machine's libtorch, in a few tens of milliseconds: each <see cref="KernelProbe"/>
/// (the operations Pigment's models use, forward and backward, at their shapes) runs in float32 as models run it and
/// is compared with the same computation in float64, which libtorch does with its plain reference kernels (not
/// oneDNN's). The float32 runs happen with libtorch's allocator filling new memory with a NaN pattern
/// (<see cref="FillMode.Junk"/>), so a kernel that reads memory it never wrote shows as NaN every time instead of
/// once in a few hundred calls.
/// <para>
/// On AMD Zen 5 with libtorch 2.10 it finds oneDNN's convolutions wrong whenever a forward's input channels or a
/// backward-to-input's output channels are not a multiple of 16 (errors of 10–100%, or NaN), at 1 and 2 threads;
/// with <see cref="ConvolutionMode.Padded"/> every probe is exact.
/// </para>
/// </summary>
public static class KernelSelfCheck
{
    /// <summary>Largest relative error (max |a − b| / max |b|) a float32 kernel may show against float64: float32
    /// rounding is ~1e-7 relative per operation, these probes see up to ~1e-5; the faults are 1e-1 or NaN.</summary>
    public const double Tolerance = 1e-3;

    /// <summary>Runs <paramref name="probes"/> (default: <see cref="KernelProbe.Standard"/>) with <paramref name="mode"/>
    /// and <paramref name="threads"/> (default: the current count).</summary>
    public static KernelCheckReport Run(ConvolutionMode mode, int? threads = null, IReadOnlyList<KernelProbe>? probes = null)
    {
        probes ??= KernelProbe.Standard;
        var clock = Stopwatch.StartNew();
        int count = threads ?? torch.get_num_threads();
        var results = new List<ProbeResult>(probes.Count);
        using (torch.enable_grad())
        using (Convolutions.Use(mode))
        using (Threads.Use(count))
        {
            foreach (var probe in probes)
            {
                using var scope = torch.NewDisposeScope();
                var reference = probe.Run(ScalarType.Float64);
                Tensor actual;
                using (AllocatorFill.Use(FillMode.Junk))
                    actual = probe.Run(ScalarType.Float32);
                results.Add(new ProbeResult(probe.Name, RelativeError(actual, reference)));
            }
        }
        return new KernelCheckReport(mode, count, results, clock.Elapsed);
    }

    /// <summary>max |a − b| / max |b| in float64 (NaN if <paramref name="actual"/> holds a non-finite value).</summary>
    public static double RelativeError(Tensor actual, Tensor expected)
    {
        using var a = actual.to_type(ScalarType.Float64);
        using var b = expected.to_type(ScalarType.Float64);
        using var finite = a.isfinite().all();
        if (!finite.item<bool>())
            return double.NaN;
        using var difference = (a - b).abs().max();
        using var scale = b.abs().max();
        return difference.item<double>() / Math.Max(scale.item<double>(), 1e-30);
    }
}
