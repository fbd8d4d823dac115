using System.Text.Json.Serialization;

namespace Pigment.Web.Gallery;

/// <summary>One image the server made, with the parameters that reproduce it (A1111's <c>parameters</c> text).</summary>
public sealed record GalleryImage(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("created")] DateTimeOffset Created,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("prompt")] string Prompt,
    [property: JsonPropertyName("negative_prompt")] string NegativePrompt,
    [property: JsonPropertyName("seed")] long Seed,
    [property: JsonPropertyName("parameters")] string Parameters)
{
    [JsonPropertyName("url")]
    public string Url => $"/api/images/{Id}.png";
}
