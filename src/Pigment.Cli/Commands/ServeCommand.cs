using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Pigment.Web;

namespace Pigment.Cli.Commands;

/// <summary>
/// <c>pigment serve</c>: the local web UI and the AUTOMATIC1111-compatible API on http://127.0.0.1:7860. Listening on
/// every interface (<c>--listen</c>) needs an API key.
/// </summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var port = Cli.Ranged("--port", "The port.", 0, 65535, 7860);
        var listen = new Option<bool>("--listen") { Description = "Serve every network interface, not only this machine (needs --api-key or PIGMENT_API_KEY)." };
        var apiKey = new Option<string>("--api-key") { Description = $"The key every request must carry (X-Api-Key header; also from {ServerOptions.ApiKeyVariable})." };
        var data = new Option<string>("--data") { Description = "Where the gallery lives (pigment.db and images/; default ~/.local/share/pigment/web)." };
        var models = new Option<string>("--models") { Description = "The folder of models to serve (default: the repository's models/)." };
        var command = new Command("serve", "The web UI and an AUTOMATIC1111-compatible API: queue, live previews, cancel, gallery, PNG info.")
        {
            port, listen, apiKey, data, models,
        };
        command.SetAction(parse =>
        {
            var settings = new List<string> { $"--{ServerOptions.Section}:Port={parse.GetValue(port)}", $"--{ServerOptions.Section}:Listen={parse.GetValue(listen)}" };
            if (parse.GetValue(apiKey) is { } key)
                settings.Add($"--{ServerOptions.Section}:ApiKey={key}");
            if (parse.GetValue(data) is { } folder)
                settings.Add($"--{ServerOptions.Section}:DataFolder={Path.GetFullPath(folder)}");
            if (parse.GetValue(models) is { } modelsFolder)
                settings.Add($"--{ServerOptions.Section}:ModelsFolder={Path.GetFullPath(modelsFolder)}");
            var app = PigmentServer.Build([.. settings]);
            try
            {
                app.Start();
            }
            catch (IOException e)
            {
                throw new Pigment.Core.PigmentException($"Cannot listen on port {parse.GetValue(port)}: {e.Message} Stop the other server or choose --port.");
            }
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
                Cli.Line($"Pigment is serving on {address} (Ctrl+C stops it)");
            app.WaitForShutdown();
            return 0;
        });
        return command;
    }
}
