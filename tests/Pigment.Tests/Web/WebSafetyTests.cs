using Pigment.Core;
using Pigment.Core.Imaging;
using Pigment.Web;
using Pigment.Web.Gallery;
using Pigment.Web.Jobs;

namespace Pigment.Tests.Web;

/// <summary>Safe by default: bad input is a clear 4xx, paths never come from requests, keys are checked, nothing is lost on restart.</summary>
public sealed class WebSafetyTests : IDisposable
{
    private readonly PigmentWebFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Theory]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("[1, 2]", "not valid JSON")]
    [InlineData("{\"model\": \"ddpm-mnist\", \"colour\": 1}", "Unknown field 'colour'")]
    [InlineData("{\"model\": \"no-such-model\"}", "Unknown model 'no-such-model'")]
    [InlineData("{\"model\": \"../models/ddpm-mnist\"}", "Unknown model '../models/ddpm-mnist'")]
    [InlineData("{\"model\": \"ddpm-mnist\", \"sampler\": \"magic\"}", "Unknown sampler 'magic'")]
    [InlineData("{\"model\": \"ddpm-mnist\", \"count\": 1000}", "count must be from 1 to 16")]
    [InlineData("{\"model\": \"ddpm-mnist\", \"steps\": 100000}", "steps must be from 1 to 150")]
    [InlineData("{\"model\": \"ddpm-mnist\", \"prompt\": \"cat\"}", "cat")]
    [InlineData("{\"model\": \"gan-mnist\", \"steps\": 10}", "takes no sampler")]
    [InlineData("{\"model\": \"ddpm-mnist\", \"init_image\": \"%%%\"}", "init_image is not valid base64")]
    [InlineData("{\"model\": \"ddpm-mnist\", \"init_image\": \"aGVsbG8gd29ybGQ=\"}", "init_image is not a PNG or JPEG")]
    [InlineData("{\"model\": \"ddpm-mnist\", \"mask\": \"aGVsbG8=\"}", "mask needs an init_image")]
    public async Task Bad_jobs_get_a_400_that_says_what_is_wrong(string body, string message)
    {
        var client = _factory.CreateClient();
        using var response = await client.PostJson("/api/jobs", body);
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains(message, await response.Detail());
    }

    [Fact]
    public async Task Oversized_bodies_and_images_are_refused_before_decoding()
    {
        using var factory = new PigmentWebFactory(new() { ["MaxBodyBytes"] = "100000", ["MaxUploadPixels"] = "10000" });
        var client = factory.CreateClient();
        using (var big = await client.PostJson("/api/jobs", "{\"model\": \"ddpm-mnist\", \"prompt\": \"" + new string('x', 200_000) + "\"}"))
            Assert.Equal(413, (int)big.StatusCode);
        // 1000×1000 of one colour compresses to a few kilobytes: the header is read and refused, no pixel decoded.
        var bomb = Convert.ToBase64String(ImageIO.EncodePng(new PixelImage(1000, 1000, 1)));
        using var response = await client.Post("/api/jobs", new { model = "ddpm-mnist", init_image = bomb });
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("1000×1000", await response.Detail());
    }

    [Theory]
    [InlineData("/api/images/..%2F..%2F..%2Fetc%2Fpasswd.png")]
    [InlineData("/api/images/..%2Fpigment.db.png")]
    [InlineData("/api/images/%2Fetc%2Fpasswd")]
    [InlineData("/api/models/..%2F..%2Fsrc/card")]
    [InlineData("/api/jobs/..%2F..")]
    public async Task Paths_from_requests_never_reach_the_file_system(string path)
    {
        var client = _factory.CreateClient();
        using var response = await client.GetAsync(path);
        Assert.Equal(404, (int)response.StatusCode);
    }

    [Fact]
    public async Task With_an_api_key_every_call_and_the_page_need_it()
    {
        using var factory = new PigmentWebFactory(new() { ["ApiKey"] = "correct-horse-battery" });
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        foreach (var path in new[] { "/", "/api/models", "/sdapi/v1/samplers", "/openapi.json" })
            using (var refused = await client.GetAsync(path))
                Assert.Equal(401, (int)refused.StatusCode);
        using (var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/models") { Headers = { { "X-Api-Key", "correct-horse-battery!" } } })
        using (var response = await client.SendAsync(wrong))
            Assert.Equal(401, (int)response.StatusCode);
        using (var right = new HttpRequestMessage(HttpMethod.Get, "/api/models") { Headers = { { "Authorization", "Bearer correct-horse-battery" } } })
        using (var response = await client.SendAsync(right))
            Assert.Equal(200, (int)response.StatusCode);
        // The page: opened once with ?key=, then the cookie carries it.
        using (var login = await client.GetAsync("/?key=correct-horse-battery"))
            Assert.Equal(302, (int)login.StatusCode);
        using (var page = await client.GetAsync("/api/samplers"))
            Assert.Equal(200, (int)page.StatusCode);
    }

    [Fact]
    public void Listening_beyond_this_machine_needs_a_key()
    {
        var error = Assert.Throws<PigmentException>(() => new ServerOptions { Listen = true }.Validate());
        Assert.Contains("API key", error.Message);
        new ServerOptions { Listen = true, ApiKey = "long-enough-key" }.Validate();
    }

    [Fact]
    public async Task A_restart_marks_unfinished_jobs_interrupted_and_keeps_every_finished_image()
    {
        using var data = new TempFolder();
        string finished;
        using (var factory = new PigmentWebFactory(dataFolder: data.Path))
        {
            var client = factory.CreateClient();
            using var done = await client.Post("/api/jobs", new { model = "gan-mnist", count = 3, seed = 4 });
            finished = (await done.Json()).GetProperty("id").GetString()!;
            await client.WaitForJob(finished);
        }
        // A job the stopped server left behind as queued, as a crash would.
        var store = new GalleryStore(data.Path);
        var orphan = new Job(GalleryStore.NewId(), new JobSpec { Model = "gan-mnist" }, new Pigment.Pipelines.Generation.GenerationRequest(), DateTimeOffset.UtcNow);
        store.AddJob(orphan);

        using (var factory = new PigmentWebFactory(dataFolder: data.Path))
        {
            var client = factory.CreateClient();
            Assert.Equal("interrupted", (await client.GetJson($"/api/jobs/{orphan.Id}")).GetProperty("state").GetString());
            var job = await client.GetJson($"/api/jobs/{finished}");
            Assert.Equal("done", job.GetProperty("state").GetString());
            Assert.Equal(3, job.GetProperty("images").GetArrayLength());
            foreach (var id in job.GetProperty("images").EnumerateArray())
                Assert.True(ImageIO.IsPngOrJpeg(await client.GetByteArrayAsync($"/api/images/{id.GetString()}.png")));
        }
    }
}
