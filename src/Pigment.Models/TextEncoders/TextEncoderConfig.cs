using Pigment.Core;

namespace Pigment.Models.TextEncoders;

/// <summary>
/// The shape of the small CLIP (Radford et al. 2021): a transformer over word tokens (Width features, Layers
/// pre-LayerNorm blocks of Heads heads) and a convolutional image encoder (ImageChannels at the first of four
/// stride-2 stages) that meet in a joint space of EmbedDim features. The vocabulary is part of the model.
/// </summary>
public sealed record TextEncoderConfig
{
    public string Family { get; init; } = ClipObjective.FamilyName;

    public IReadOnlyList<string> Vocabulary { get; init; } = [];

    public int MaxTokens { get; init; } = 24;

    public int Width { get; init; } = 128;

    public int Layers { get; init; } = 4;

    public int Heads { get; init; } = 4;

    public int EmbedDim { get; init; } = 128;

    public int ImageSize { get; init; } = 64;

    public int ImageChannels { get; init; } = 32;

    public string Dataset { get; init; } = "";

    public WordTokenizer Tokenizer() => new(Vocabulary, MaxTokens);

    public void Validate()
    {
        if (Vocabulary.Count == 0 || MaxTokens < 3 || Width < 8 || Layers < 1 || Heads < 1 || Width % Heads != 0 || EmbedDim < 2)
            throw new PigmentException("Text encoder config: a vocabulary, ≥ 3 tokens, width ≥ 8 divisible by the heads, ≥ 1 layer.");
        if (ImageSize % 16 != 0 || ImageChannels < 8)
            throw new PigmentException($"Text encoder config: image size {ImageSize} must be divisible by 16 and image channels ≥ 8.");
    }
}
