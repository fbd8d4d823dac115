using Pigment.Models.TextEncoders;

namespace Pigment.Pipelines.Generation;

/// <summary>What a text encoder will leave out of a request's prompt and negative prompt, one warning line each.</summary>
public static class PromptWarnings
{
    public static IEnumerable<string> Of(string model, ClipModel textEncoder, GenerationRequest request)
    {
        foreach (var (what, text) in new[] { ("prompt", request.Prompt), ("negative prompt", request.NegativePrompt) })
        {
            if (text is null)
                continue;
            var read = textEncoder.Tokenizer.Encode(text);
            if (read.Unknown.Count > 0)
                yield return $"'{model}' does not know {Words(read.Unknown)} in the {what}, and leaves {(read.Unknown.Count == 1 ? "it" : "them")} out. " +
                             $"It knows: {string.Join(" ", textEncoder.Tokenizer.Vocabulary)}.";
            if (read.Dropped.Count > 0)
                yield return $"The {what} is longer than the {textEncoder.Config.MaxTokens - 2} words the text encoder reads: {Words(read.Dropped)} cut off.";
        }
    }

    private static string Words(IEnumerable<string> words) => string.Join(", ", words.Distinct().Select(w => $"'{w}'"));
}
