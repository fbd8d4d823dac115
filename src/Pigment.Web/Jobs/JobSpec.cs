using System.Text.Json.Serialization;

namespace Pigment.Web.Jobs;

/// <summary>
/// A generation job as the native API takes it (snake_case JSON, as AUTOMATIC1111's fields are). Images arrive as
/// base64 (a data: URL prefix is allowed). Everything left out takes the model's default; <c>seed</c> −1 or absent
/// draws one, and the job records the seed it used.
/// </summary>
public sealed record JobSpec
{
    [JsonPropertyName("model")] public string Model { get; init; } = "";

    /// <summary>Text for a text-to-image model, a class name for a class-conditional one, empty or absent otherwise.</summary>
    [JsonPropertyName("prompt")] public string? Prompt { get; init; }

    [JsonPropertyName("negative_prompt")] public string? NegativePrompt { get; init; }

    [JsonPropertyName("count")] public int Count { get; init; } = 1;

    [JsonPropertyName("seed")] public long? Seed { get; init; }

    [JsonPropertyName("sampler")] public string? Sampler { get; init; }

    [JsonPropertyName("steps")] public int? Steps { get; init; }

    [JsonPropertyName("karras")] public bool? Karras { get; init; }

    [JsonPropertyName("guidance")] public double? Guidance { get; init; }

    [JsonPropertyName("guidance_rescale")] public double? GuidanceRescale { get; init; }

    [JsonPropertyName("temperature")] public double? Temperature { get; init; }

    /// <summary>img2img: the starting image (PNG or JPEG, base64).</summary>
    [JsonPropertyName("init_image")] public string? InitImage { get; init; }

    [JsonPropertyName("strength")] public double? Strength { get; init; }

    /// <summary>Inpainting (with init_image): white = paint anew.</summary>
    [JsonPropertyName("mask")] public string? Mask { get; init; }

    [JsonPropertyName("mask_blur")] public double? MaskBlur { get; init; }

    /// <summary>The same job without its uploads (what the gallery keeps as the job's request).</summary>
    public JobSpec WithoutUploads() => this with
    {
        InitImage = InitImage is null ? null : "(uploaded image)",
        Mask = Mask is null ? null : "(uploaded mask)",
    };
}
