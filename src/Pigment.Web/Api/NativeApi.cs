using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Pigment.Core;
using Pigment.Core.Imaging;
using Pigment.Samplers;
using Pigment.Web.Gallery;
using Pigment.Web.Jobs;

namespace Pigment.Web.Api;

/// <summary>
/// Pigment's own API: jobs (submit, look, cancel, and a server-sent event stream of queued, started, step with
/// preview, done, failed, cancelled), the gallery (search, one image, its PNG, delete), models with their cards,
/// samplers, and PNG info.
/// </summary>
public static class NativeApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");

        api.MapPost("/jobs", async (HttpRequest http, JobQueue queue, ServerOptions options) =>
        {
            var spec = await JsonBody.Read<JobSpec>(http, options.MaxBodyBytes);
            var job = queue.Submit(spec);
            return Results.Json(job.Snapshot(queue.Position(job)), statusCode: StatusCodes.Status202Accepted);
        }).WithSummary("Queue a generation job; answers its id and place in the queue.");

        api.MapGet("/jobs", (JobQueue queue) =>
        {
            var current = queue.Current;
            var waiting = queue.Waiting();
            return Results.Json(new
            {
                current = current?.Snapshot(),
                waiting = waiting.Select((job, i) => job.Snapshot(i + 1)).ToArray(),
            });
        }).WithSummary("The running job and the queue, in order.");

        api.MapGet("/jobs/{id}", (string id, JobQueue queue, GalleryStore gallery) =>
        {
            if (queue.Find(id) is { } job)
                return Results.Json(job.Snapshot(queue.Position(job)));
            if (GalleryStore.IsId(id) && gallery.StoredJob(id) is { } stored)
                return Results.Json(new { id, state = stored.State, error = stored.Error, images = gallery.ImagesOfJob(id).Select(i => i.Id).ToArray() });
            return NotFound($"No job '{id}'.");
        }).WithSummary("A job's state, progress and images.");

        api.MapDelete("/jobs/{id}", (string id, JobQueue queue) =>
            queue.Cancel(id) ? Results.Json(queue.Find(id)?.Snapshot()) : NotFound($"No job '{id}'."))
            .WithSummary("Cancel a job: a waiting one leaves the queue, a running one stops within a step.");

        api.MapGet("/jobs/{id}/events", async (string id, HttpContext context, JobQueue queue) =>
        {
            if (queue.Find(id) is not { } job)
            {
                await ApiErrors.Write(context, StatusCodes.Status404NotFound, $"No job '{id}' in progress or recently finished.");
                return;
            }
            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            var events = job.Listen(queue.Position(job));
            try
            {
                await foreach (var e in events.ReadAllAsync(context.RequestAborted))
                {
                    var snapshot = e.Kind == "queued" ? e.Job with { Position = queue.Position(job) } : e.Job;
                    var data = JsonSerializer.Serialize(new { job = snapshot, preview = e.Preview });
                    await context.Response.WriteAsync($"event: {e.Kind}\ndata: {data}\n\n", context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                }
            }
            catch (OperationCanceledException)
            {
                // The client went away.
            }
            finally
            {
                job.StopListening(events);
            }
        }).WithSummary("Server-sent events of a job: queued, started, step (with a preview), done, failed, cancelled.");

        api.MapGet("/images", (string? q, string? model, int? page, int? size, GalleryStore gallery) =>
        {
            int pageSize = Math.Clamp(size ?? 24, 1, 100);
            int pageIndex = Math.Max(0, page ?? 0);
            var (images, total) = gallery.Search(q, model, pageIndex, pageSize);
            return Results.Json(new { images, total, page = pageIndex, size = pageSize });
        }).WithSummary("The gallery, newest first: q searches the prompts, model filters, page and size page through it.");

        api.MapGet("/images/{id}.png", (string id, GalleryStore gallery) =>
            gallery.FileIfExists(id) is { } file ? Results.File(file, "image/png") : NotFound($"No image '{id}'."))
            .WithSummary("An image's PNG, with its parameters text.");

        api.MapGet("/images/{id}", (string id, GalleryStore gallery) =>
            gallery.Find(id) is { } image ? Results.Json(image) : NotFound($"No image '{id}'."))
            .WithSummary("An image's parameters.");

        api.MapDelete("/images/{id}", (string id, GalleryStore gallery) =>
            gallery.Delete(id) ? Results.NoContent() : NotFound($"No image '{id}'."))
            .WithSummary("Delete an image and its file.");

        api.MapGet("/models", (ModelHost models) => Results.Json(models.Names().Select(models.Info).ToArray()))
            .WithSummary("The models served, with what each takes.");

        api.MapGet("/models/{name}/card", (string name, ModelHost models) =>
            models.Card(name) is { } card ? Results.Text(card, "text/markdown; charset=utf-8") : NotFound($"No card for '{name}'."))
            .WithSummary("A model's card (markdown).");

        api.MapGet("/samplers", () => Results.Json(SamplerCatalog.Names))
            .WithSummary("The samplers' names.");

        api.MapPost("/png-info", async (HttpRequest http, ServerOptions options) => Results.Json(await PngInfo(http, options)))
            .WithSummary("The generation parameters in a PNG (Pigment's or AUTOMATIC1111's): {\"image\": base64}.");
    }

    /// <summary>A PNG's text chunks and its parsed <c>parameters</c>, A1111's png-info answer.</summary>
    public static async Task<object> PngInfo(HttpRequest http, ServerOptions options)
    {
        var body = await JsonBody.ReadObject(http, options.MaxBodyBytes);
        if (!body.TryGetProperty("image", out var image) || image.ValueKind != JsonValueKind.String)
            throw new PigmentException("png-info needs {\"image\": base64 of a PNG}.");
        foreach (var field in body.EnumerateObject())
            if (field.Name != "image")
                throw new PigmentException($"Unknown field '{field.Name}': png-info takes only image.");
        var bytes = Uploads.Bytes(image.GetString()!, "image");
        if (!ImageIO.IsPngOrJpeg(bytes))
            throw new PigmentException("image is not a PNG or JPEG.");
        var chunks = bytes[0] == 0x89 ? PngText.Read(bytes) : new Dictionary<string, string>();
        var text = chunks.GetValueOrDefault(PngText.ParametersKeyword) ?? "";
        var parsed = new Dictionary<string, object?>();
        if (text.Length > 0)
        {
            var p = GenerationParameters.Parse(text);
            parsed["Prompt"] = p.Prompt;
            parsed["Negative prompt"] = p.NegativePrompt;
            foreach (var (key, value) in p.Settings())
            {
                // A1111's png-info splits the size into Size-1 and Size-2.
                if (key == "Size" && p.Width is { } w && p.Height is { } h)
                    (parsed["Size-1"], parsed["Size-2"]) = (w.ToString(System.Globalization.CultureInfo.InvariantCulture), h.ToString(System.Globalization.CultureInfo.InvariantCulture));
                else
                    parsed[key] = value;
            }
        }
        return new
        {
            info = text,
            items = chunks.Where(c => c.Key != PngText.ParametersKeyword).ToDictionary(c => c.Key, c => c.Value),
            parameters = parsed,
        };
    }

    public static IResult NotFound(string message) => Results.Json(new { error = "Not Found", detail = message }, statusCode: StatusCodes.Status404NotFound);
}
