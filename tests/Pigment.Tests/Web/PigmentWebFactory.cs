using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Pigment.Tests.Web;

/// <summary>
/// The web server in memory (TestServer) over the shipped models, with its gallery in a temporary folder and
/// whatever settings a test gives (section "Pigment").
/// </summary>
public sealed class PigmentWebFactory : WebApplicationFactory<Pigment.Web.Program>
{
    private readonly TempFolder _data = new();
    private readonly Dictionary<string, string> _settings;

    public PigmentWebFactory(Dictionary<string, string>? settings = null, string? dataFolder = null)
    {
        _settings = settings ?? [];
        DataFolder = dataFolder ?? _data.Path;
    }

    public string DataFolder { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Pigment:DataFolder", DataFolder);
        foreach (var (key, value) in _settings)
            builder.UseSetting("Pigment:" + key, value);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
            _data.Dispose();
    }
}
