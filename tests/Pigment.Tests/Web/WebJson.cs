using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Pigment.Tests.Web;

/// <summary>JSON over the test client, and waiting for a job to end.</summary>
public static class WebJson
{
    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> Post(this HttpClient client, string path, object body) =>
        client.PostAsync(path, Body(JsonSerializer.Serialize(body)));

    public static async Task<JsonElement> Json(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> GetJson(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Json();
    }

    /// <summary>Polls a job until it is done, failed or cancelled (at most <paramref name="seconds"/>).</summary>
    public static async Task<JsonElement> WaitForJob(this HttpClient client, string id, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var job = await client.GetJson($"/api/jobs/{id}");
            if (job.GetProperty("state").GetString() is "done" or "failed" or "cancelled")
                return job;
            Assert.True(DateTime.UtcNow < deadline, $"job {id} still {job.GetProperty("state")} after {seconds} s");
            await Task.Delay(50);
        }
    }

    /// <summary>A 400-class answer's detail line.</summary>
    public static async Task<string> Detail(this HttpResponseMessage response) =>
        (await response.Json()).GetProperty("detail").GetString() ?? "";

    public static async Task<HttpResponseMessage> PostJson(this HttpClient client, string path, string json) =>
        await client.PostAsync(path, Body(json));

    public static Task<HttpResponseMessage> PostObject<T>(this HttpClient client, string path, T value) => client.PostAsJsonAsync(path, value);
}
