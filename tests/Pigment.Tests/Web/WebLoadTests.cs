using System.Collections.Concurrent;
using System.Diagnostics;
using Xunit.Abstractions;

namespace Pigment.Tests.Web;

/// <summary>
/// Four clients submitting 25 jobs each at once (a quick GAN, so the queue is what is tested): every job ends done
/// or cancelled as its client asked, none is lost or doubled, the gallery holds exactly the images of the done jobs,
/// and the process's memory stays flat.
/// </summary>
public sealed class WebLoadTests(ITestOutputHelper output) : IDisposable
{
    private readonly PigmentWebFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Four_clients_with_25_jobs_each_lose_nothing_and_memory_stays_flat()
    {
        var warm = _factory.CreateClient();
        using (var first = await warm.Post("/api/jobs", new { model = "gan-mnist", count = 1, seed = 0 }))
            await warm.WaitForJob((await first.Json()).GetProperty("id").GetString()!);
        GC.Collect();
        long rssBefore = Process.GetCurrentProcess().WorkingSet64;

        var asked = new ConcurrentDictionary<string, string>(); // job id → "done" or "cancelled"
        async Task Client(int client)
        {
            var http = _factory.CreateClient();
            for (int i = 0; i < 25; i++)
            {
                HttpResponseMessage response;
                while ((int)(response = await http.Post("/api/jobs", new { model = "gan-mnist", count = 2, seed = client * 1000 + i })).StatusCode == 429)
                {
                    response.Dispose();
                    await Task.Delay(20);
                }
                Assert.Equal(202, (int)response.StatusCode);
                var id = (await response.Json()).GetProperty("id").GetString()!;
                response.Dispose();
                bool cancel = i % 5 == 4;
                if (cancel)
                    using (await http.DeleteAsync($"/api/jobs/{id}")) { }
                Assert.True(asked.TryAdd(id, cancel ? "cancelled" : "done"), $"job id {id} was given twice");
            }
        }
        await Task.WhenAll(Enumerable.Range(0, 4).Select(Client));
        Assert.Equal(100, asked.Count);

        int done = 0, doneImages = 0;
        var images = new HashSet<string>();
        foreach (var (id, wanted) in asked)
        {
            var job = await warm.WaitForJob(id, 120);
            var state = job.GetProperty("state").GetString();
            // A cancel can arrive after a quick job has already finished: then it is done, never lost.
            Assert.True(state == wanted || (wanted == "cancelled" && state == "done"), $"job {id}: asked {wanted}, ended {state}");
            if (state == "done")
            {
                done++;
                foreach (var image in job.GetProperty("images").EnumerateArray())
                {
                    Assert.True(images.Add(image.GetString()!), "an image belongs to two jobs");
                    doneImages++;
                }
            }
        }
        Assert.Equal(2 * done, doneImages);
        Assert.Equal(doneImages + 1, (await warm.GetJson("/api/images?size=1")).GetProperty("total").GetInt32());

        GC.Collect();
        long rssAfter = Process.GetCurrentProcess().WorkingSet64;
        output.WriteLine($"100 jobs ({done} done, {100 - done} cancelled): RSS {rssBefore >> 20} MB before, {rssAfter >> 20} MB after");
        Assert.True(rssAfter - rssBefore < 300L << 20, $"RSS grew from {rssBefore >> 20} MB to {rssAfter >> 20} MB");
    }
}
