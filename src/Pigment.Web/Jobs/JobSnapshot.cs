using System.Text.Json.Serialization;

namespace Pigment.Web.Jobs;

/// <summary>A job as the API shows it at one moment.</summary>
public sealed record JobSnapshot(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("prompt")] string? Prompt,
    [property: JsonPropertyName("seed")] long Seed,
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("position")] int? Position,
    [property: JsonPropertyName("step")] int Step,
    [property: JsonPropertyName("steps")] int Steps,
    [property: JsonPropertyName("progress")] double Progress,
    [property: JsonPropertyName("eta_seconds")] double? EtaSeconds,
    [property: JsonPropertyName("created")] DateTimeOffset Created,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("warnings")] IReadOnlyList<string> Warnings,
    [property: JsonPropertyName("images")] IReadOnlyList<string> Images);
