using System.Text.Json;
using Pigment.Core.Imaging;

namespace Pigment.Tests.Web;

/// <summary>The AUTOMATIC1111-compatible API: field names, answer shapes, and a clear 400 for what Pigment cannot honour.</summary>
public sealed class A1111ApiTests : IDisposable
{
    private readonly PigmentWebFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private const string Model = "\"override_settings\": {\"sd_model_checkpoint\": \"ddpm-mnist\"}";

    [Fact]
    public async Task Txt2img_answers_images_parameters_and_info_as_A1111_does()
    {
        var client = _factory.CreateClient();
        // A body as A1111 clients send it, with fields at their neutral defaults.
        using var response = await client.PostJson("/sdapi/v1/txt2img", $$"""
            { "prompt": "4", "negative_prompt": "", "steps": 4, "cfg_scale": 3, "sampler_name": "DPM++ 2M", "scheduler": "Karras",
              "seed": 77, "batch_size": 2, "n_iter": 1, "width": 28, "height": 28, "styles": [], "subseed": -1,
              "subseed_strength": 0, "restore_faces": false, "tiling": false, "enable_hr": false, "denoising_strength": 0.7,
              "send_images": true, "save_images": false, "alwayson_scripts": {}, {{Model}} }
            """);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var body = await response.Json();
        var images = body.GetProperty("images").EnumerateArray().Select(i => Convert.FromBase64String(i.GetString()!)).ToArray();
        Assert.Equal(2, images.Length);
        Assert.Equal(28, ImageIO.Decode(images[0]).Width);
        Assert.Equal("4", body.GetProperty("parameters").GetProperty("prompt").GetString());
        var info = JsonDocument.Parse(body.GetProperty("info").GetString()!).RootElement;
        Assert.Equal(new long[] { 77, 78 }, info.GetProperty("all_seeds").EnumerateArray().Select(s => s.GetInt64()));
        Assert.Equal("DPM++ 2M Karras", info.GetProperty("sampler_name").GetString());
        var infotext = info.GetProperty("infotexts")[0].GetString()!;
        Assert.Contains("Seed: 77", infotext);
        Assert.Equal(infotext, PngText.Read(images[0])[PngText.ParametersKeyword]);
    }

    [Theory]
    [InlineData("\"enable_hr\": true", "hires fix")]
    [InlineData("\"restore_faces\": true", "face restoration")]
    [InlineData("\"width\": 512", "must be 28")]
    [InlineData("\"sampler_name\": \"LMS\"", "Unknown sampler 'LMS'")]
    [InlineData("\"no_such_field\": 1", "Unknown field 'no_such_field'")]
    [InlineData("\"steps\": \"many\"", "steps must be a whole number")]
    [InlineData("\"batch_size\": 1000", "batch_size × n_iter")]
    public async Task Fields_Pigment_cannot_honour_get_a_400_naming_them(string field, string message)
    {
        var client = _factory.CreateClient();
        using var response = await client.PostJson("/sdapi/v1/txt2img", $$"""{ "prompt": "1", "steps": 2, {{field}}, {{Model}} }""");
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains(message, await response.Detail());
    }

    [Fact]
    public async Task Img2img_at_strength_zero_returns_the_starting_image()
    {
        var client = _factory.CreateClient();
        var start = new PixelImage(28, 28, 1);
        for (int y = 8; y < 20; y++)
            for (int x = 10; x < 18; x++)
                start[x, y, 0] = 255;
        var init = Convert.ToBase64String(ImageIO.EncodePng(start));
        using var response = await client.PostJson("/sdapi/v1/img2img", $$"""
            { "init_images": ["{{init}}"], "denoising_strength": 0, "prompt": "1", "steps": 4, "seed": 3, {{Model}} }
            """);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var image = ImageIO.Decode(Convert.FromBase64String((await response.Json()).GetProperty("images")[0].GetString()!));
        Assert.Equal(start.Pixels, image.Pixels);
    }

    [Fact]
    public async Task Inpainting_keeps_every_pixel_outside_the_mask()
    {
        var client = _factory.CreateClient();
        var start = new PixelImage(28, 28, 1);
        for (int i = 0; i < start.Pixels.Length; i++)
            start.Pixels[i] = (byte)(i * 7 % 251);
        var mask = new PixelImage(28, 28, 1);
        for (int y = 0; y < 14; y++)
            for (int x = 0; x < 28; x++)
                mask[x, y, 0] = 255;
        using var response = await client.PostJson("/sdapi/v1/img2img", $$"""
            { "init_images": ["{{Convert.ToBase64String(ImageIO.EncodePng(start))}}"], "mask": "{{Convert.ToBase64String(ImageIO.EncodePng(mask))}}",
              "mask_blur": 0, "inpainting_fill": 1, "inpaint_full_res": false, "denoising_strength": 1, "prompt": "1", "steps": 4, "seed": 3, {{Model}} }
            """);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var image = ImageIO.Decode(Convert.FromBase64String((await response.Json()).GetProperty("images")[0].GetString()!));
        for (int y = 14; y < 28; y++)
            for (int x = 0; x < 28; x++)
                Assert.Equal(start[x, y, 0], image[x, y, 0]);
    }

    [Fact]
    public async Task Samplers_models_progress_interrupt_and_png_info_answer_in_A1111_shapes()
    {
        var client = _factory.CreateClient();
        var samplers = await client.GetJson("/sdapi/v1/samplers");
        Assert.Contains(samplers.EnumerateArray(), s => s.GetProperty("name").GetString() == "Euler a");
        var models = await client.GetJson("/sdapi/v1/sd-models");
        Assert.Contains(models.EnumerateArray(), m => m.GetProperty("model_name").GetString() == "ddpm-mnist");
        var progress = await client.GetJson("/sdapi/v1/progress");
        Assert.Equal(0, progress.GetProperty("progress").GetDouble());
        Assert.True(progress.GetProperty("state").TryGetProperty("sampling_steps", out _));
        using (var interrupt = await client.PostAsync("/sdapi/v1/interrupt", null))
            Assert.True(interrupt.IsSuccessStatusCode);

        const string a1111 = "a photo of a cat\nNegative prompt: blurry\nSteps: 30, Sampler: Euler a, CFG scale: 7, Seed: 1234, Size: 512x512, Model hash: abc, Model: v1-5";
        var png = PngText.Insert(ImageIO.EncodePng(new PixelImage(4, 4, 3)), PngText.ParametersKeyword, a1111);
        using var response = await client.Post("/sdapi/v1/png-info", new { image = "data:image/png;base64," + Convert.ToBase64String(png) });
        var info = await response.Json();
        Assert.Equal(a1111, info.GetProperty("info").GetString());
        var parameters = info.GetProperty("parameters");
        Assert.Equal("a photo of a cat", parameters.GetProperty("Prompt").GetString());
        Assert.Equal("blurry", parameters.GetProperty("Negative prompt").GetString());
        Assert.Equal("1234", parameters.GetProperty("Seed").GetString());
        Assert.Equal("abc", parameters.GetProperty("Model hash").GetString());
    }
    [Fact]
    public async Task Options_set_the_model_that_requests_without_one_use()
    {
        var client = _factory.CreateClient();
        using (var set = await client.Post("/sdapi/v1/options", new { sd_model_checkpoint = "gan-mnist" }))
            Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync());
        Assert.Equal("gan-mnist", (await client.GetJson("/sdapi/v1/options")).GetProperty("sd_model_checkpoint").GetString());
        using (var unknown = await client.Post("/sdapi/v1/options", new { sd_model_checkpoint = "nope" }))
            Assert.Equal(400, (int)unknown.StatusCode);
        using var response = await client.PostJson("/sdapi/v1/txt2img", """{ "prompt": "5", "seed": 2 }""");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var info = JsonDocument.Parse((await response.Json()).GetProperty("info").GetString()!).RootElement;
        Assert.Contains("Model: gan-mnist", info.GetProperty("infotexts")[0].GetString());
    }
}
