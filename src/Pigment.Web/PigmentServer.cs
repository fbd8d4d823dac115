using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pigment.Web.Api;
using Pigment.Web.Gallery;
using Pigment.Web.Jobs;

namespace Pigment.Web;

/// <summary>
/// The web server: the page, Pigment's job API, the AUTOMATIC1111-compatible API and /openapi.json, over one job
/// queue with one worker and the SQLite gallery. <c>pigment serve</c> and the tests build it here.
/// </summary>
public static class PigmentServer
{
    /// <summary>Builds the app from command-line style arguments or configuration (section "Pigment").</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        // A failed start (a port in use) reaches the caller as an exception, said there in one line.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        var options = ServerOptions.From(builder.Configuration);
        options.Validate();

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes;
            if (options.Listen)
                kestrel.ListenAnyIP(options.Port);
            else
                kestrel.Listen(IPAddress.Loopback, options.Port);
        });
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(_ => new GalleryStore(options.DataFolder));
        builder.Services.AddSingleton(_ => new ModelHost(options.ModelsFolder));
        builder.Services.AddSingleton<JobQueue>();
        builder.Services.AddHostedService<JobWorker>();
        builder.Services.AddOpenApi();

        var app = builder.Build();
        int interrupted = app.Services.GetRequiredService<GalleryStore>().MarkInterrupted();
        if (interrupted > 0)
            app.Logger.LogWarning("{Count} jobs were queued or running when the server last stopped: marked interrupted", interrupted);

        app.UseMiddleware<ApiErrors>();
        app.UseMiddleware<ApiKeyCheck>();
        app.MapOpenApi("/openapi.json");
        PageFiles.Map(app);
        NativeApi.Map(app);
        A1111Api.Map(app);
        app.MapFallback((HttpContext context) => NativeApi.NotFound($"No endpoint {context.Request.Method} {context.Request.Path}."));
        return app;
    }
}
