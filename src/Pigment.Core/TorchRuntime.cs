using System.Reflection;
using TorchSharp;

namespace Pigment.Core;

/// <summary>Facts about the deep-learning engine as loaded in this process.</summary>
public static class TorchRuntime
{
    public static string PigmentVersion => Informational(typeof(TorchRuntime).Assembly);

    public static string TorchSharpVersion => Informational(typeof(torch).Assembly);

    /// <summary>The libtorch version reported by the native library itself (loading it if needed).</summary>
    public static string LibTorchVersion => torch.__version__;

    public static int Threads => torch.get_num_threads();

    /// <summary>Where a benchmark ran, for its report: "2 CPU cores (2 torch threads), TorchSharp …, libtorch …, date".</summary>
    public static string BenchmarkMachine() =>
        $"{Environment.ProcessorCount} CPU cores ({Threads} torch threads), TorchSharp {TorchSharpVersion}, libtorch {LibTorchVersion}, {DateTime.UtcNow:yyyy-MM-dd}";

    /// <summary>The CPU's model name and x86 family from /proc/cpuinfo ("AMD EPYC, family 26 (AVX-512, BF16)"), or the architecture elsewhere.</summary>
    public static string CpuDescription
    {
        get
        {
            var fields = CpuFields();
            if (fields is null)
                return System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
            var flags = CpuFlags();
            var isa = flags.Contains("avx512f") ? "AVX-512" : flags.Contains("avx2") ? "AVX2" : "no AVX2";
            if (HasBFloat16Instructions)
                isa += ", BF16";
            return $"{fields.GetValueOrDefault("model name", "unknown")}, family {fields.GetValueOrDefault("cpu family", "?")} ({isa})";
        }
    }

    /// <summary>Whether the CPU has bfloat16 dot-product instructions (AVX-512 BF16 or AMX), which make libtorch's
    /// bfloat16 convolutions and matrix products fast; without them bfloat16 is emulated and slower than float32.</summary>
    public static bool HasBFloat16Instructions => CpuFlags().Overlaps(["avx512_bf16", "amx_bf16"]);

    /// <summary>A field of the first processor in /proc/cpuinfo ("cpu MHz", "vendor_id", "cpu family"), or null.</summary>
    public static string? CpuField(string name) => CpuFields()?.GetValueOrDefault(name);

    /// <summary>The CPU's feature flags from /proc/cpuinfo (empty elsewhere).</summary>
    public static HashSet<string> CpuFlags() =>
        [.. (CpuFields()?.GetValueOrDefault("flags") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>The first processor's "name : value" lines of /proc/cpuinfo, or null where there is none.</summary>
    private static Dictionary<string, string>? CpuFields()
    {
        const string info = "/proc/cpuinfo";
        if (!File.Exists(info))
            return null;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(info).TakeWhile(l => l.Length > 0))
        {
            var parts = line.Split(':', 2);
            if (parts.Length == 2)
                fields.TryAdd(parts[0].Trim(), parts[1].Trim());
        }
        return fields;
    }

    public static bool CudaAvailable => torch.cuda.is_available();

    private static string Informational(Assembly assembly)
    {
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                      ?? assembly.GetName().Version?.ToString() ?? "unknown";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus > 0 ? version[..plus] : version;
    }
}
