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

    /// <summary>The CPU's model name and x86 family from /proc/cpuinfo ("AMD EPYC, family 26 (AVX-512)"), or the architecture elsewhere.</summary>
    public static string CpuDescription
    {
        get
        {
            const string info = "/proc/cpuinfo";
            if (!File.Exists(info))
                return System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
            string? Field(string[] lines, string name) =>
                lines.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
            var lines = File.ReadLines(info).TakeWhile(l => l.Length > 0).ToArray();
            var flags = Field(lines, "flags")?.Split(' ') ?? [];
            var isa = flags.Contains("avx512f") ? "AVX-512" : flags.Contains("avx2") ? "AVX2" : "no AVX2";
            return $"{Field(lines, "model name") ?? "unknown"}, family {Field(lines, "cpu family") ?? "?"} ({isa})";
        }
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
