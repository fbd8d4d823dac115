using System.Text.Json;
using Pigment.Core.Imaging;

namespace Pigment.Tests.Web;

/// <summary>The job API over the shipped digit diffusion model: submit, follow, cancel, queue, gallery.</summary>
public sealed class WebJobTests : IDisposable
{
    private readonly PigmentWebFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_job_makes_images_that_land_in_the_gallery_with_their_parameters()
    {
        var client = _factory.CreateClient();
        using var submitted = await client.Post("/api/jobs", new { model = "ddpm-mnist", prompt = "7", count = 2, steps = 4, seed = 5 });
        Assert.Equal(202, (int)submitted.StatusCode);
        var job = await client.WaitForJob((await submitted.Json()).GetProperty("id").GetString()!);
        Assert.Equal("done", job.GetProperty("state").GetString());
        var ids = job.GetProperty("images").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(2, ids.Length);

        var seeds = new List<long>();
        foreach (var id in ids)
        {
            var png = await client.GetByteArrayAsync($"/api/images/{id}.png");
            Assert.True(ImageIO.IsPngOrJpeg(png));
            var image = ImageIO.Decode(png);
            Assert.Equal((28, 28), (image.Width, image.Height));
            var parameters = GenerationParameters.Parse(PngText.Read(png)[PngText.ParametersKeyword]);
            Assert.Equal("class 7", parameters.Prompt);
            Assert.Equal(4, parameters.Steps);
            seeds.Add(parameters.Seed!.Value);
        }
        Assert.Equal([5L, 6L], seeds.Order());

        var gallery = await client.GetJson("/api/images?q=class%207&model=ddpm-mnist");
        Assert.Equal(2, gallery.GetProperty("total").GetInt32());
        Assert.Equal(0, (await client.GetJson("/api/images?q=nothing-like-this")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_pixels()
    {
        var client = _factory.CreateClient();
        async Task<byte[]> Make()
        {
            using var r = await client.Post("/api/jobs", new { model = "ddpm-mnist", prompt = "3", count = 1, steps = 3, seed = 42, sampler = "euler-a" });
            var job = await client.WaitForJob((await r.Json()).GetProperty("id").GetString()!);
            var id = job.GetProperty("images")[0].GetString();
            return ImageIO.Decode(await client.GetByteArrayAsync($"/api/images/{id}.png")).Pixels;
        }
        Assert.Equal(await Make(), await Make());
    }

    [Fact]
    public async Task The_event_stream_tells_started_steps_with_previews_and_done()
    {
        var client = _factory.CreateClient();
        using var r = await client.Post("/api/jobs", new { model = "ddpm-mnist", count = 2, steps = 6, seed = 1 });
        var id = (await r.Json()).GetProperty("id").GetString();
        using var stream = await client.GetStreamAsync($"/api/jobs/{id}/events");
        using var reader = new StreamReader(stream);
        var kinds = new List<string>();
        int previews = 0;
        string? line;
        while ((line = await reader.ReadLineAsync()) is not null)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
                kinds.Add(line["event: ".Length..]);
            if (line.StartsWith("data: ", StringComparison.Ordinal) && JsonDocument.Parse(line[6..]).RootElement.GetProperty("preview").ValueKind == JsonValueKind.String)
                previews++;
        }
        Assert.Equal("done", kinds[^1]);
        Assert.Contains("step", kinds);
        Assert.True(previews >= 1, "no preview of x̂_0 was sent");
    }

    [Fact]
    public async Task Cancel_stops_a_running_job_within_a_step_and_a_waiting_one_never_starts()
    {
        var client = _factory.CreateClient();
        using var first = await client.Post("/api/jobs", new { model = "ddpm-mnist", count = 16, steps = 150, seed = 1 });
        using var second = await client.Post("/api/jobs", new { model = "ddpm-mnist", count = 16, steps = 150, seed = 2 });
        var running = (await first.Json()).GetProperty("id").GetString()!;
        var waiting = (await second.Json()).GetProperty("id").GetString()!;
        Assert.Equal(1, (await second.Json()).GetProperty("position").GetInt32());

        using (var cancelWaiting = await client.DeleteAsync($"/api/jobs/{waiting}"))
            Assert.True(cancelWaiting.IsSuccessStatusCode);
        Assert.Equal("cancelled", (await client.GetJson($"/api/jobs/{waiting}")).GetProperty("state").GetString());

        // Wait for the first to be under way, then cancel it.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await client.GetJson($"/api/jobs/{running}")).GetProperty("step").GetInt32() < 1)
        {
            Assert.True(DateTime.UtcNow < deadline);
            await Task.Delay(20);
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using (await client.DeleteAsync($"/api/jobs/{running}")) { }
        var job = await client.WaitForJob(running, 10);
        Assert.Equal("cancelled", job.GetProperty("state").GetString());
        Assert.True(job.GetProperty("step").GetInt32() < 150);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"cancel took {clock.Elapsed}");
        Assert.Equal(0, (await client.GetJson("/api/images")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_full_queue_answers_429_with_retry_after()
    {
        using var factory = new PigmentWebFactory(new() { ["MaxQueue"] = "1" });
        var client = factory.CreateClient();
        var ids = new List<string>();
        HttpResponseMessage? refused = null;
        for (int i = 0; i < 4 && refused is null; i++)
        {
            var r = await client.Post("/api/jobs", new { model = "ddpm-mnist", count = 16, steps = 150, seed = i });
            if ((int)r.StatusCode == 429)
                refused = r;
            else
                ids.Add((await r.Json()).GetProperty("id").GetString()!);
        }
        Assert.NotNull(refused);
        Assert.True(refused.Headers.RetryAfter is not null);
        Assert.Contains("queue is full", await refused.Detail());
        foreach (var id in ids)
            using (await client.DeleteAsync($"/api/jobs/{id}")) { }
        foreach (var id in ids)
            await client.WaitForJob(id, 20);
    }

    [Fact]
    public async Task Gallery_pages_newest_first_and_deletes()
    {
        var client = _factory.CreateClient();
        using var r = await client.Post("/api/jobs", new { model = "gan-mnist", count = 5, seed = 9 });
        var job = await client.WaitForJob((await r.Json()).GetProperty("id").GetString()!);
        Assert.Equal("done", job.GetProperty("state").GetString());
        var page0 = await client.GetJson("/api/images?size=2&page=0");
        var page2 = await client.GetJson("/api/images?size=2&page=2");
        Assert.Equal(5, page0.GetProperty("total").GetInt32());
        Assert.Equal(2, page0.GetProperty("images").GetArrayLength());
        Assert.Equal(1, page2.GetProperty("images").GetArrayLength());
        var id = page0.GetProperty("images")[0].GetProperty("id").GetString();
        using (var deleted = await client.DeleteAsync($"/api/images/{id}"))
            Assert.Equal(204, (int)deleted.StatusCode);
        using (var gone = await client.GetAsync($"/api/images/{id}.png"))
            Assert.Equal(404, (int)gone.StatusCode);
        Assert.Equal(4, (await client.GetJson("/api/images")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Models_say_what_they_take_and_the_page_and_openapi_are_served()
    {
        var client = _factory.CreateClient();
        var models = (await client.GetJson("/api/models")).EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!);
        Assert.True(models["ddpm-mnist"].GetProperty("sampler").GetBoolean());
        Assert.False(models["gan-mnist"].GetProperty("sampler").GetBoolean());
        Assert.Equal(10, models["ddpm-mnist"].GetProperty("classes").GetArrayLength());
        Assert.Contains("ddpm", await client.GetStringAsync("/api/models/ddpm-mnist/card"), StringComparison.OrdinalIgnoreCase);
        var page = await client.GetStringAsync("/");
        Assert.Contains("<title>Pigment</title>", page);
        Assert.Contains("EventSource", await client.GetStringAsync("/app.js"));
        var openapi = await client.GetJson("/openapi.json");
        Assert.True(openapi.GetProperty("paths").TryGetProperty("/sdapi/v1/txt2img", out _));
        Assert.True(openapi.GetProperty("paths").TryGetProperty("/api/jobs/{id}/events", out _));
    }
    [Fact]
    public async Task The_classic_generators_are_served_too_noise_and_quilting_from_an_uploaded_sample()
    {
        var client = _factory.CreateClient();
        using (var noise = await client.Post("/api/jobs", new { model = "procedural-noise", prompt = "worley", count = 2, seed = 3 }))
        {
            var job = await client.WaitForJob((await noise.Json()).GetProperty("id").GetString()!);
            Assert.Equal("done", job.GetProperty("state").GetString());
            var image = ImageIO.Decode(await client.GetByteArrayAsync($"/api/images/{job.GetProperty("images")[0].GetString()}.png"));
            Assert.Equal((256, 256, 1), (image.Width, image.Height, image.Channels));
            Assert.True(image.Pixels.Distinct().Count() > 50, "noise has many gray levels");
        }
        using (var refused = await client.Post("/api/jobs", new { model = "texture-quilting" }))
        {
            Assert.Equal(400, (int)refused.StatusCode);
            Assert.Contains("sample", await refused.Detail());
        }
        var sample = new PixelImage(48, 48, 3);
        for (int y = 0; y < 48; y++)
            for (int x = 0; x < 48; x++)
                for (int c = 0; c < 3; c++)
                    sample[x, y, c] = (byte)(((x / 6 + y / 6) % 2 == 0 ? 40 : 220) + c * 10);
        using var quilt = await client.Post("/api/jobs", new { model = "texture-quilting", init_image = Convert.ToBase64String(ImageIO.EncodePng(sample)), seed = 1 });
        Assert.Equal(202, (int)quilt.StatusCode);
        var quilted = await client.WaitForJob((await quilt.Json()).GetProperty("id").GetString()!, 120);
        Assert.Equal("done", quilted.GetProperty("state").GetString());
        var texture = ImageIO.Decode(await client.GetByteArrayAsync($"/api/images/{quilted.GetProperty("images")[0].GetString()}.png"));
        Assert.Equal((128, 128, 3), (texture.Width, texture.Height, texture.Channels));
    }
}
