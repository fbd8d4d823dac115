using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Pigment.Web;

namespace Pigment.Tests.Web;

/// <summary>
/// The page in a real browser (Playwright driving Debian's Chromium) against a real server on a free port: generate
/// and watch progress and the preview, cancel, find the image in the gallery, read a PNG's info. The screenshots land
/// in docs/web/ when PIGMENT_SCREENSHOTS names that folder.
/// </summary>
public sealed class BrowserTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private WebApplication _server = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private string _address = "";

    public async Task InitializeAsync()
    {
        _server = PigmentServer.Build(["--Pigment:Port=0", $"--Pigment:DataFolder={_data.Path}"]);
        await _server.StartAsync();
        _address = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium.Path, Headless = true, Args = Chromium.Arguments });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _server.StopAsync();
        await _server.DisposeAsync();
        _data.Dispose();
    }

    private async Task Shot(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("PIGMENT_SCREENSHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new() { Path = System.IO.Path.Combine(folder, name + ".png") });
        }
    }

    [Fact]
    public async Task Generate_watch_cancel_find_in_gallery_and_read_png_info()
    {
        var page = await _browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 860 } });
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync(_address);

        // Text to image, the default model: a prompt and a negative prompt.
        await page.WaitForFunctionAsync("document.querySelector('#model').value === 'sd-shapes'");
        Assert.True(await page.IsHiddenAsync("#class"), "a text model shows no class picker");
        await page.FillAsync("#prompt", "a red circle above a blue square");
        await page.FillAsync("#negative", "green");
        await page.Locator("#steps").FillAsync("10");
        await page.FillAsync("#seed", "5");
        await page.ClickAsync("#submit");
        await page.WaitForFunctionAsync("document.querySelectorAll('#results img').length === 4", null, new() { Timeout = 60_000 });
        await Shot(page, "text-to-image");

        // Generate: a class-conditional digit model, 4 images of a 7.
        await page.SelectOptionAsync("#model", "ddpm-mnist");
        Assert.True(await page.IsHiddenAsync("#prompt"), "a class model shows no text prompt");
        await page.SelectOptionAsync("#class", "7");
        await page.FillAsync("#count", "4");
        await page.Locator("#steps").FillAsync("40");
        await page.FillAsync("#seed", "21");
        await page.ClickAsync("#submit");
        await page.WaitForFunctionAsync("document.querySelector('#progress-text').textContent.startsWith('step')");
        await page.WaitForFunctionAsync("document.querySelector('#preview').getAttribute('src')?.startsWith('data:image/png')");
        await Shot(page, "progress");
        await page.WaitForFunctionAsync("document.querySelectorAll('#results img').length === 4", null, new() { Timeout = 60_000 });
        Assert.Equal("done", await page.TextContentAsync("#progress-text"));
        await Shot(page, "generate");

        // Cancel a long job from the page.
        await page.Locator("#steps").FillAsync("100");
        await page.FillAsync("#count", "16");
        await page.ClickAsync("#submit");
        await page.WaitForFunctionAsync("document.querySelector('#progress-text').textContent.startsWith('step')");
        await page.ClickAsync("#cancel");
        await page.WaitForFunctionAsync("document.querySelector('#progress-text').textContent.startsWith('cancelled')", null, new() { Timeout = 10_000 });

        // The gallery holds the four, searchable; the viewer shows their parameters.
        await page.ClickAsync("button[data-tab=gallery]");
        await page.FillAsync("#search", "class 7");
        await page.WaitForFunctionAsync("document.querySelectorAll('#gallery-grid img').length === 4");
        await page.ClickAsync("#gallery-grid figure");
        await page.WaitForFunctionAsync("document.querySelector('#viewer-text').textContent.includes('Seed: 2')");
        await Shot(page, "gallery");
        var imageUrl = await page.GetAttributeAsync("#viewer-image", "src");
        await page.ClickAsync("#viewer-close");

        // PNG info: one of our own PNGs, dropped in through the file input.
        using var client = new HttpClient { BaseAddress = new Uri(_address) };
        var file = _data.File("made.png");
        await File.WriteAllBytesAsync(file, await client.GetByteArrayAsync(imageUrl));
        await page.ClickAsync("button[data-tab=pnginfo]");
        await page.SetInputFilesAsync("#png-file", file);
        await page.WaitForFunctionAsync("document.querySelector('#png-text').textContent.includes('Model: ddpm-mnist')");
        await page.ClickAsync("#png-send");
        Assert.Equal("7", await page.InputValueAsync("#class"));
        Assert.Equal("40", await page.InputValueAsync("#steps"));
        Assert.Empty(errors);
    }
}
