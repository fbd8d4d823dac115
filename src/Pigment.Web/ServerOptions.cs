using Microsoft.Extensions.Configuration;
using Pigment.Core;

namespace Pigment.Web;

/// <summary>
/// How the server runs, read from configuration (section "Pigment", e.g. <c>Pigment:Port</c>; the command line of
/// <c>pigment serve</c> fills it). Safe by default: loopback only, and listening beyond it needs an API key.
/// </summary>
public sealed record ServerOptions
{
    public const string Section = "Pigment";

    public const string ApiKeyVariable = "PIGMENT_API_KEY";

    public int Port { get; init; } = 7860;

    /// <summary>Bind every interface instead of 127.0.0.1 (requires <see cref="ApiKey"/>).</summary>
    public bool Listen { get; init; }

    /// <summary>When set, every API call and the page need it (header X-Api-Key, Authorization: Bearer, or the cookie the page sets).</summary>
    public string? ApiKey { get; init; }

    /// <summary>Where the gallery lives: pigment.db and images/ (default: ~/.local/share/pigment/web).</summary>
    public string DataFolder { get; init; } = DefaultDataFolder();

    /// <summary>The folder whose model folders are served (default: the repository's models/).</summary>
    public string ModelsFolder { get; init; } = PigmentPaths.ModelsFolder;

    /// <summary>Jobs waiting beyond the running one; a full queue answers 429.</summary>
    public int MaxQueue { get; init; } = 32;

    public int MaxCount { get; init; } = 16;

    public int MaxSteps { get; init; } = 150;

    /// <summary>The largest request body (uploads arrive base64 in JSON).</summary>
    public long MaxBodyBytes { get; init; } = 16 << 20;

    /// <summary>The most pixels an uploaded image may have, checked from its header before decoding.</summary>
    public long MaxUploadPixels { get; init; } = 4096L * 4096;

    public static ServerOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<ServerOptions>() ?? new ServerOptions();
        if (string.IsNullOrEmpty(options.ApiKey) && Environment.GetEnvironmentVariable(ApiKeyVariable) is { Length: > 0 } key)
            options = options with { ApiKey = key };
        if (options.ApiKey is { Length: 0 })
            options = options with { ApiKey = null };
        return options;
    }

    /// <summary>Refuses settings that would be unsafe or cannot work, one line each.</summary>
    public void Validate()
    {
        if (Listen && ApiKey is null)
            throw new PigmentException($"--listen serves every network interface: it needs an API key (--api-key KEY or the {ApiKeyVariable} environment variable).");
        if (ApiKey is { Length: < 8 })
            throw new PigmentException("The API key must be at least 8 characters.");
        if (Port is < 0 or > 65535)
            throw new PigmentException($"--port must be from 0 to 65535, not {Port}.");
        if (MaxQueue < 1 || MaxCount < 1 || MaxSteps < 1)
            throw new PigmentException("The queue, count and step limits must be at least 1.");
    }

    private static string DefaultDataFolder()
    {
        var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(dataHome, "pigment", "web");
    }
}
