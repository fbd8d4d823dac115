using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Pigment.Web;

/// <summary>The page (index.html, app.js, style.css), embedded in the assembly and served from memory.</summary>
public static class PageFiles
{
    private static readonly Dictionary<string, (string Resource, string Type)> Files = new()
    {
        ["/"] = ("page/index.html", "text/html; charset=utf-8"),
        ["/app.js"] = ("page/app.js", "text/javascript; charset=utf-8"),
        ["/style.css"] = ("page/style.css", "text/css; charset=utf-8"),
    };

    public static void Map(WebApplication app)
    {
        foreach (var (path, (resource, type)) in Files)
        {
            var bytes = Read(resource);
            app.MapGet(path, () => Results.Bytes(bytes, type)).ExcludeFromDescription();
        }
    }

    private static byte[] Read(string resource)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The page file '{resource}' is not embedded.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
