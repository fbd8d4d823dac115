using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Pigment.Core.NativeMath;

/// <summary>The self-check's verdict on disk, per machine and library (see <see cref="MathSafety"/>).</summary>
public static class MathVerdictCache
{
    public const string Variable = "PIGMENT_MATH_CACHE";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>The cache file for this machine, library and setting, or null when caching is off or there is no home.</summary>
    public static string? File(int threads, ConvolutionMode? requested)
    {
        if (Environment.GetEnvironmentVariable(Variable) is "0" or "off" or "false")
            return null;
        var root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) is { Length: > 0 } home ? Path.Combine(home, ".cache") : null;
        if (root is null)
            return null;
        var key = string.Join("\n", CpuIdentity(), TorchRuntime.TorchSharpVersion, TorchRuntime.LibTorchVersion, threads, requested?.ToString() ?? "auto",
            KernelSelfCheck.Tolerance, string.Join(",", KernelProbe.Standard.Select(p => p.Name)));
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16].ToLowerInvariant();
        return Path.Combine(root, "pigment", $"math-verdict-{hash}.json");
    }

    public static MathSettings? Read(string path)
    {
        try
        {
            return System.IO.File.Exists(path) ? JsonSerializer.Deserialize<MathSettings>(System.IO.File.ReadAllText(path), Json) : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;                                            // an unreadable verdict is no verdict: check again
        }
    }

    public static void Write(string path, MathSettings settings)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            AtomicFile.WriteAllText(path, JsonSerializer.Serialize(settings, Json));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No cache folder to write: the next process checks again.
        }
    }

    /// <summary>Everything /proc/cpuinfo says of the first CPU that could change its kernels: model, family, stepping, microcode, flags.</summary>
    private static string CpuIdentity()
    {
        const string info = "/proc/cpuinfo";
        if (!System.IO.File.Exists(info))
            return System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
        var keep = new[] { "vendor_id", "cpu family", "model", "model name", "stepping", "microcode", "flags" };
        return string.Join("\n", System.IO.File.ReadLines(info).TakeWhile(l => l.Length > 0)
            .Where(l => keep.Contains(l.Split(':', 2)[0].Trim())));
    }
}
