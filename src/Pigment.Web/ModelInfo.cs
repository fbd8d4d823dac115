using System.Text.Json.Serialization;
using Pigment.Pipelines.Generation;

namespace Pigment.Web;

/// <summary>What the page and the API need to know of a served model to offer only what it can do.</summary>
public sealed record ModelInfo(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("family")] string Family,
    [property: JsonPropertyName("size")] int Size,
    [property: JsonPropertyName("channels")] int Channels,
    [property: JsonPropertyName("classes")] IReadOnlyList<string> Classes,
    [property: JsonPropertyName("text")] bool Text,
    [property: JsonPropertyName("guidance")] bool Guidance,
    [property: JsonPropertyName("sampler")] bool Sampler,
    [property: JsonPropertyName("init_image")] bool InitImage,
    [property: JsonPropertyName("temperature")] bool Temperature,
    [property: JsonPropertyName("has_card")] bool HasCard)
{
    public static ModelInfo Of(IImageGenerator generator, bool hasCard)
    {
        var a = generator.Abilities;
        return new ModelInfo(generator.Name, generator.Family, generator.Size, generator.Channels, generator.ClassNames,
            a.Text, a.Guidance, a.Sampler, a.InitImage, a.Temperature, hasCard);
    }
}
