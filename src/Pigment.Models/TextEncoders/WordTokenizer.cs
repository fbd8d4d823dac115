using System.Text.RegularExpressions;

namespace Pigment.Models.TextEncoders;

/// <summary>A prompt as token ids: [bos] words [eos], padded with [pad] to the encoder's length.</summary>
/// <param name="Ids">MaxTokens ids.</param>
/// <param name="Length">Ids before the padding (with [bos] and [eos]).</param>
/// <param name="Unknown">Words not in the vocabulary, left out.</param>
/// <param name="Dropped">Words cut because the prompt was longer than the encoder reads.</param>
public sealed record TokenizedPrompt(long[] Ids, int Length, IReadOnlyList<string> Unknown, IReadOnlyList<string> Dropped);

/// <summary>
/// A word-level tokenizer over a closed vocabulary. The shapes captions use about fifty words, every one a unit of
/// meaning ("purple", "hexagons", "left"): a subword model (BPE, WordPiece) would learn these same words as its
/// tokens, and needs a merges file trained on a corpus we do not have. Text is lower-cased and split at spaces and
/// punctuation; "an" reads as "a". Ids: 0 [pad], 1 [bos], 2 [eos], then the vocabulary in order.
/// </summary>
public sealed partial class WordTokenizer
{
    public const long Pad = 0, Bos = 1, Eos = 2;
    private const int Specials = 3;

    private readonly Dictionary<string, long> _ids;

    public WordTokenizer(IReadOnlyList<string> vocabulary, int maxTokens)
    {
        if (maxTokens < 3)
            throw new ArgumentException($"A tokenizer needs room for [bos], a word and [eos]: at least 3 tokens, not {maxTokens}.");
        Vocabulary = vocabulary;
        MaxTokens = maxTokens;
        _ids = vocabulary.Select((w, i) => (w, (long)(i + Specials))).ToDictionary(p => p.w, p => p.Item2, StringComparer.Ordinal);
    }

    public IReadOnlyList<string> Vocabulary { get; }

    public int MaxTokens { get; }

    /// <summary>Token ids the embedding table needs.</summary>
    public int Size => Vocabulary.Count + Specials;

    /// <summary>The words of a prompt as the tokenizer reads them.</summary>
    public static IReadOnlyList<string> Words(string text) =>
        WordPattern().Matches(text.ToLowerInvariant()).Select(m => m.Value == "an" ? "a" : m.Value).ToArray();

    public TokenizedPrompt Encode(string text)
    {
        var ids = new long[MaxTokens];
        var unknown = new List<string>();
        var dropped = new List<string>();
        int n = 0;
        ids[n++] = Bos;
        foreach (var word in Words(text))
        {
            if (!_ids.TryGetValue(word, out long id))
                unknown.Add(word);
            else if (n < MaxTokens - 1)
                ids[n++] = id;
            else
                dropped.Add(word);
        }
        ids[n++] = Eos;
        return new TokenizedPrompt(ids, n, unknown, dropped);
    }

    [GeneratedRegex(@"[a-z0-9]+")]
    private static partial Regex WordPattern();
}
