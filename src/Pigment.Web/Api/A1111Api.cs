using System.Globalization;
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
/// The subset of AUTOMATIC1111's web UI API that scripts and clients use, with its field names and answers:
/// txt2img and img2img (which wait for their job and answer <c>{images, parameters, info}</c>), progress with the
/// current preview, interrupt, png-info, samplers and models. Both go through the same queue as the page.
/// </summary>
public static class A1111Api
{
    public const string DefaultModel = "sd-shapes";

    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/sdapi/v1");

        api.MapPost("/txt2img", (HttpRequest http, JobQueue queue, ModelHost models, GalleryStore gallery, ServerOptions options) => Generate(http, queue, models, gallery, options, img2img: false))
            .WithSummary("AUTOMATIC1111's txt2img: waits for the images.");
        api.MapPost("/img2img", (HttpRequest http, JobQueue queue, ModelHost models, GalleryStore gallery, ServerOptions options) => Generate(http, queue, models, gallery, options, img2img: true))
            .WithSummary("AUTOMATIC1111's img2img and inpainting (init_images, mask, mask_blur, denoising_strength).");

        api.MapGet("/progress", (bool? skip_current_image, JobQueue queue) =>
        {
            var job = queue.Current;
            var snapshot = job?.Snapshot();
            return Results.Json(new
            {
                progress = snapshot?.Progress ?? 0,
                eta_relative = snapshot?.EtaSeconds ?? 0,
                state = new
                {
                    skipped = false,
                    interrupted = job?.Cancellation.IsCancellationRequested ?? false,
                    stopping_generation = false,
                    job = job is null ? "" : $"job {job.Id}",
                    job_count = (job is null ? 0 : 1) + queue.Waiting().Count,
                    job_timestamp = (job?.Created ?? DateTimeOffset.UtcNow).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture),
                    job_no = 0,
                    sampling_step = snapshot?.Step ?? 0,
                    sampling_steps = snapshot?.Steps ?? 0,
                },
                current_image = skip_current_image == true || job?.Preview is not { } preview ? null : preview[(preview.IndexOf(',') + 1)..],
                textinfo = (string?)null,
                current_task = job?.Id,
            });
        }).WithSummary("AUTOMATIC1111's progress: the running job's progress, ETA and current preview.");

        api.MapPost("/interrupt", (JobQueue queue) =>
        {
            if (queue.Current is { } job)
                queue.Cancel(job.Id);
            return Results.Json(new { });
        }).WithSummary("Stops the running job within a step.");

        api.MapPost("/png-info", async (HttpRequest http, ServerOptions options) => Results.Json(await NativeApi.PngInfo(http, options)))
            .WithSummary("AUTOMATIC1111's png-info.");

        api.MapGet("/options", (ModelHost models) => Results.Json(new { sd_model_checkpoint = DefaultModelOf(models) }))
            .WithSummary("AUTOMATIC1111's options: the model txt2img and img2img use when a request names none.");
        api.MapPost("/options", async (HttpRequest http, ModelHost models, ServerOptions options) =>
        {
            var body = await JsonBody.ReadObject(http, options.MaxBodyBytes);
            foreach (var setting in body.EnumerateObject())
            {
                if (setting.Name != "sd_model_checkpoint" || setting.Value.ValueKind != JsonValueKind.String)
                    throw new PigmentException($"options.{setting.Name}: Pigment sets only sd_model_checkpoint (a model name).");
                var name = setting.Value.GetString()!.Split(' ')[0];
                models.Info(name); // an unknown name is a 400 naming the models there are
                models.DefaultModel = name;
            }
            return Results.Json(new { });
        }).WithSummary("Sets the default model (sd_model_checkpoint), as AUTOMATIC1111's options do.");

        api.MapGet("/samplers", () => Results.Json(SamplerCatalog.Names.Select(name =>
        {
            var sampler = SamplerCatalog.Create(name);
            return new { name = sampler.DisplayName, aliases = new[] { sampler.Name }, options = new Dictionary<string, string>() };
        }).ToArray())).WithSummary("AUTOMATIC1111's samplers list.");

        api.MapGet("/sd-models", (ModelHost models) => Results.Json(models.Names().Select(name => new
        {
            title = name,
            model_name = name,
            hash = (string?)null,
            sha256 = (string?)null,
            filename = $"models/{name}",
            config = (string?)null,
        }).ToArray())).WithSummary("AUTOMATIC1111's models list (every model this server serves).");
    }

    private static async Task<IResult> Generate(HttpRequest http, JobQueue queue, ModelHost models, GalleryStore gallery, ServerOptions options, bool img2img)
    {
        var body = await JsonBody.ReadObject(http, options.MaxBodyBytes);
        var spec = ReadSpec(new A1111Request(body), models, options, img2img);
        var job = queue.Submit(spec);
        using var cancelOnDisconnect = http.HttpContext.RequestAborted.Register(() => queue.Cancel(job.Id));
        var events = job.Listen(null);
        try
        {
            await foreach (var _ in events.ReadAllAsync())
            {
            }
        }
        finally
        {
            job.StopListening(events);
        }
        var snapshot = job.Snapshot();
        if (job.State == JobState.Failed)
            throw new PigmentException(snapshot.Error ?? "the job failed");
        var images = snapshot.Images.Select(gallery.Find).OfType<GalleryImage>().ToArray();
        bool send = body.TryGetProperty("send_images", out var s) ? s.ValueKind != JsonValueKind.False : true;
        var first = images.FirstOrDefault() is { } image ? GenerationParameters.Parse(image.Parameters) : null;
        int size = models.Info(spec.Model).Size;
        var info = new
        {
            prompt = spec.Prompt ?? "",
            all_prompts = images.Select(i => i.Prompt).ToArray(),
            negative_prompt = spec.NegativePrompt ?? "",
            all_negative_prompts = images.Select(i => i.NegativePrompt).ToArray(),
            seed = job.Seed,
            all_seeds = images.Select(i => i.Seed).ToArray(),
            subseed = -1,
            all_subseeds = images.Select(_ => -1).ToArray(),
            subseed_strength = 0,
            width = size,
            height = size,
            sampler_name = first?.Sampler,
            cfg_scale = first?.CfgScale,
            steps = spec.Steps ?? JobRequests.DefaultSteps,
            batch_size = spec.Count,
            restore_faces = false,
            sd_model_name = spec.Model,
            sd_model_hash = (string?)null,
            denoising_strength = img2img ? spec.Strength ?? 0.75 : 0,
            extra_generation_params = new Dictionary<string, object>(),
            index_of_first_image = 0,
            infotexts = images.Select(i => i.Parameters).ToArray(),
            styles = Array.Empty<string>(),
            job_timestamp = job.Created.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture),
            clip_skip = 1,
            is_using_inpainting_conditioning = false,
            version = "pigment",
            interrupted = job.State == JobState.Cancelled,
        };
        var pngs = send ? images.Select(i => Convert.ToBase64String(File.ReadAllBytes(gallery.FileIfExists(i.Id)!))).ToArray() : [];
        return Results.Json(new { images = pngs, parameters = body, info = JsonSerializer.Serialize(info) });
    }

    /// <summary>An A1111 body as a Pigment job, every field accounted for.</summary>
    public static JobSpec ReadSpec(A1111Request r, ModelHost models, ServerOptions options, bool img2img)
    {
        string model = DefaultModelOf(models);
        if (r.Raw("override_settings") is { } overrides)
        {
            if (overrides.ValueKind != JsonValueKind.Object)
                throw new PigmentException("override_settings must be an object.");
            foreach (var setting in overrides.EnumerateObject())
            {
                if (setting.Name != "sd_model_checkpoint")
                    throw new PigmentException($"override_settings.{setting.Name}: Pigment supports only sd_model_checkpoint.");
                model = setting.Value.GetString() ?? model;
            }
        }
        var names = models.Names();
        if (!names.Contains(model, StringComparer.Ordinal))
        {
            // A1111's titles may carry a hash after the name: "sd-shapes [abc123]".
            var trimmed = model.Split(' ')[0];
            model = names.Contains(trimmed, StringComparer.Ordinal) ? trimmed
                : r.Has("override_settings") ? throw new PigmentException($"Unknown model '{model}': this server has {string.Join(", ", names)}.")
                : names.FirstOrDefault() ?? throw new PigmentException("This server has no models.");
        }
        var info = models.Info(model);

        long batch = r.Integer("batch_size") ?? 1, iterations = r.Integer("n_iter") ?? 1;
        if (batch < 1 || iterations < 1 || batch * iterations > options.MaxCount)
            throw new PigmentException($"batch_size × n_iter must be from 1 to {options.MaxCount} on this server, not {batch} × {iterations}.");
        foreach (var side in new[] { "width", "height" })
            if (r.Integer(side) is { } size && size != info.Size && size != 0)
                throw new PigmentException($"{side} must be {info.Size}: '{model}' makes {info.Size}×{info.Size} images.");

        string? samplerName = r.String("sampler_name") ?? r.String("sampler_index");
        string? scheduler = r.String("scheduler");
        string? sampler = null;
        bool? karras = null;
        if (samplerName is not null)
        {
            var display = samplerName.Trim();
            if (scheduler is { } sch && !sch.Equals("Automatic", StringComparison.OrdinalIgnoreCase))
                display += sch.Equals("Karras", StringComparison.OrdinalIgnoreCase) ? " Karras"
                    : sch.Equals("Uniform", StringComparison.OrdinalIgnoreCase) ? ""
                    : throw new PigmentException($"scheduler '{sch}': Pigment has Automatic, Uniform and Karras.");
            var found = SamplerCatalog.Names.FirstOrDefault(n => n.Equals(display, StringComparison.OrdinalIgnoreCase));
            if (found is not null)
                sampler = found;
            else
            {
                try
                {
                    var (name, settings) = SamplerCatalog.FromDisplayName(display, 1);
                    (sampler, karras) = (name, settings.Karras);
                }
                catch (PigmentException)
                {
                    throw new PigmentException($"Unknown sampler '{samplerName}': Pigment has {string.Join(", ", SamplerCatalog.Names.Select(n => SamplerCatalog.Create(n).DisplayName))}.");
                }
            }
        }
        else if (scheduler is { } onlyScheduler && onlyScheduler.Equals("Karras", StringComparison.OrdinalIgnoreCase))
            karras = true;

        long? seed = r.Integer("seed");
        var spec = new JobSpec
        {
            Model = model,
            Prompt = r.String("prompt"),
            NegativePrompt = r.String("negative_prompt"),
            Count = (int)(batch * iterations),
            Seed = seed is null or < 0 ? null : seed,
            Steps = r.Integer("steps") is { } steps ? checked((int)Math.Clamp(steps, int.MinValue, int.MaxValue)) : null,
            Guidance = r.Number("cfg_scale"),
            Sampler = sampler,
            Karras = karras,
        };
        if (!info.Sampler)
            spec = spec with { Sampler = null, Steps = r.Has("steps") && spec.Steps != JobRequests.DefaultSteps ? spec.Steps : null, Karras = null };
        if (!info.Guidance && spec.Guidance is { } cfg && cfg != 1)
            spec = spec with { Guidance = r.Has("cfg_scale") && cfg != 7 ? cfg : null };

        if (img2img)
            spec = ReadImg2Img(r, spec, info, options.MaxUploadPixels);
        else
            r.Accept("denoising_strength"); // without hires fix it changes nothing in txt2img, as in A1111

        // Bookkeeping and extension fields that change no pixel.
        r.Accept("send_images", "save_images", "do_not_save_samples", "do_not_save_grid", "override_settings_restore_afterwards",
            "comments", "force_task_id", "infotext", "user", "disable_extra_networks", "firstphase_width", "firstphase_height",
            "hr_scale", "hr_upscaler", "hr_second_pass_steps", "hr_resize_x", "hr_resize_y", "hr_checkpoint_name", "hr_sampler_name",
            "hr_scheduler", "hr_prompt", "hr_negative_prompt", "hr_cfg", "hr_distilled_cfg", "hr_additional_modules", "refiner_switch_at");
        r.Neutral("enable_hr", "Pigment has no hires fix", false);
        r.Neutral("styles", "Pigment has no saved styles", "[]");
        r.Neutral("subseed", "Pigment has no variation seeds", -1.0, 0.0);
        r.Neutral("subseed_strength", "Pigment has no variation seeds", 0.0);
        r.Neutral("seed_resize_from_h", "Pigment does not resize seeds", -1.0, 0.0);
        r.Neutral("seed_resize_from_w", "Pigment does not resize seeds", -1.0, 0.0);
        r.Neutral("restore_faces", "Pigment has no face restoration", false);
        r.Neutral("tiling", "Pigment does not make tiling images", false);
        r.Neutral("eta", "Pigment's samplers take no eta here", 0.0, 1.0);
        r.Neutral("s_min_uncond", "Pigment has no negative-guidance minimum sigma", 0.0);
        r.Neutral("s_churn", "Pigment's samplers have no churn", 0.0);
        r.Neutral("s_tmax", "Pigment's samplers have no churn", 0.0);
        r.Neutral("s_tmin", "Pigment's samplers have no churn", 0.0);
        r.Neutral("s_noise", "Pigment's samplers have no noise multiplier", 1.0);
        r.Neutral("refiner_checkpoint", "Pigment has no refiner", "", "None");
        r.Neutral("script_name", "Pigment runs no scripts", "", "None");
        r.Neutral("script_args", "Pigment runs no scripts", "[]");
        r.Neutral("alwayson_scripts", "Pigment runs no scripts", "{}");
        r.RejectUnknown();
        return spec;
    }

    /// <summary>The model set through /options, else sd-shapes when served, else the first model.</summary>
    private static string DefaultModelOf(ModelHost models)
    {
        if (models.DefaultModel is { } chosen)
            return chosen;
        var names = models.Names();
        return names.Contains(DefaultModel) ? DefaultModel : names.FirstOrDefault() ?? DefaultModel;
    }

    private static JobSpec ReadImg2Img(A1111Request r, JobSpec spec, ModelInfo info, long maxPixels)
    {
        if (r.Raw("init_images") is not { } inits || inits.ValueKind != JsonValueKind.Array || inits.GetArrayLength() == 0)
            throw new PigmentException("init_images must be a list with one base64 image.");
        if (inits.GetArrayLength() > 1)
            throw new PigmentException("init_images: Pigment takes one starting image per request.");
        if (inits[0].ValueKind != JsonValueKind.String)
            throw new PigmentException("init_images[0] must be a base64 string.");
        var init = inits[0].GetString()!;
        long resizeMode = r.Integer("resize_mode") ?? 0;
        if (resizeMode is not (0 or 1))
            throw new PigmentException($"resize_mode {resizeMode}: Pigment has 0 (just resize) and 1 (crop and resize).");
        if (resizeMode == 0)
            init = Stretched(init, info.Size, maxPixels);

        var mask = r.String("mask");
        double? blur = r.Integer("mask_blur") is { } b ? b : null;
        r.Neutral("mask_blur_x", "Pigment blurs the mask the same in x and y (mask_blur)", 4.0, (double)(blur ?? 4));
        r.Neutral("mask_blur_y", "Pigment blurs the mask the same in x and y (mask_blur)", 4.0, (double)(blur ?? 4));
        if (mask is not null)
        {
            r.Neutral("inpainting_fill", "Pigment inpaints from the original image (inpainting_fill 1)", 1.0);
            r.Neutral("inpaint_full_res", "Pigment inpaints the whole picture (inpaint_full_res false)", false);
            if (r.Integer("inpainting_mask_invert") is 1)
                mask = Inverted(mask, maxPixels);
        }
        else
            r.Accept("inpainting_fill", "inpaint_full_res", "inpainting_mask_invert");
        r.Accept("inpaint_full_res_padding", "include_init_images");
        r.Neutral("image_cfg_scale", "Pigment has no instruct-pix2pix image guidance", 1.0, 1.5);
        r.Neutral("initial_noise_multiplier", "Pigment does not scale the initial noise", 1.0);
        r.Neutral("latent_mask", "Pigment takes one mask (mask)", "");
        return spec with
        {
            InitImage = init,
            Strength = r.Number("denoising_strength") ?? 0.75,
            Mask = mask,
            MaskBlur = mask is null ? null
                : info.Text ? blur ?? 4
                : blur is null or 0 ? null
                : throw new PigmentException($"mask_blur: '{info.Name}' inpaints with a hard mask; send mask_blur 0."),
        };
    }

    private static string Stretched(string base64, int size, long maxPixels)
    {
        var image = Uploads.Image(base64, "init_images[0]", maxPixels);
        if (image.Width == image.Height)
            return base64;
        return Convert.ToBase64String(ImageIO.EncodePng(ImageTransforms.Resize(image, size, size)));
    }

    private static string Inverted(string base64, long maxPixels)
    {
        var image = Uploads.Image(base64, "mask", maxPixels);
        var gray = image.Channels == 1 ? image : image.ToGrayscale();
        var inverted = new PixelImage(gray.Width, gray.Height, 1);
        for (int y = 0; y < gray.Height; y++)
            for (int x = 0; x < gray.Width; x++)
                inverted[x, y, 0] = (byte)(255 - gray[x, y, 0]);
        return Convert.ToBase64String(ImageIO.EncodePng(inverted));
    }
}
