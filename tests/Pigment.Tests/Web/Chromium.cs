using System.Diagnostics;

namespace Pigment.Tests.Web;

/// <summary>
/// Debian's Chromium for the browser tests (Playwright's own browser download is not reachable here). When it is
/// missing and the tests run as root on Debian, it is installed with apt, once: the test command does its own set-up.
/// </summary>
public static class Chromium
{
    public const string Executable = "/usr/bin/chromium";

    /// <summary>Flags for a headless Chromium on a closed network, as root.</summary>
    public static readonly string[] Arguments =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private static readonly Lazy<string> Installed = new(Install);

    public static string Path => Installed.Value;

    private static string Install()
    {
        if (File.Exists(Executable))
            return Executable;
        if (Environment.UserName != "root" || !File.Exists("/usr/bin/apt-get"))
            throw new InvalidOperationException($"The browser tests need Debian's chromium at {Executable}: apt-get install chromium (as root).");
        foreach (var args in new[] { "update -q", "install -y -q chromium" })
        {
            var start = new ProcessStartInfo("/usr/bin/apt-get", args) { RedirectStandardOutput = true, RedirectStandardError = true };
            start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"apt-get {args} failed: {errors.Result}");
        }
        return File.Exists(Executable) ? Executable : throw new InvalidOperationException($"apt-get installed chromium, but {Executable} is not there.");
    }
}
