namespace Pigment.Core;

/// <summary>
/// Where Pigment's own folders are: the repository root (found by walking up from the running assembly, or set
/// with the PIGMENT_HOME environment variable), and its data/ and models/ folders.
/// </summary>
public static class PigmentPaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string RepositoryRoot => Root.Value;

    public static string DataFolder => Path.Combine(RepositoryRoot, "data");

    public static string ModelsFolder => Path.Combine(RepositoryRoot, "models");

    private static string FindRoot()
    {
        var configured = Environment.GetEnvironmentVariable("PIGMENT_HOME");
        if (!string.IsNullOrWhiteSpace(configured))
            return Path.GetFullPath(configured);

        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Pigment.sln")) && Directory.Exists(Path.Combine(dir.FullName, "data")))
                    return dir.FullName;
            }
        }
        throw new PigmentException("Cannot find the Pigment folder (with Pigment.sln and data/); set PIGMENT_HOME to it.");
    }
}
