using Pigment.Core.Data.Shapes;

namespace Pigment.Models.TextEncoders;

/// <summary>
/// Hard negatives for contrastive training: a caption changed in one way that makes it false of its image, so that
/// the embedding must encode what a bag of words cannot: which colour goes with which shape (swap two colours or
/// two shapes), where things are (swap the relation or the objects around it), how many (change a count), and every
/// single attribute (replace one colour, shape or background).
/// </summary>
public static class CaptionNegatives
{
    private static readonly Dictionary<string, string> Opposites = new()
    {
        ["above"] = "below", ["below"] = "above", ["left"] = "right", ["right"] = "left",
    };

    private static readonly HashSet<string> ObjectColors = ShapeVocabulary.ObjectColors.Select(c => c.Name).ToHashSet();
    private static readonly HashSet<string> Backgrounds = ShapeVocabulary.Backgrounds.Select(c => c.Name).ToHashSet();
    private static readonly string[] Singular = ShapeVocabulary.Kinds.Select(ShapeVocabulary.KindWord).ToArray();
    private static readonly string[] Plural = ShapeVocabulary.Kinds.Select(ShapeVocabulary.PluralWord).ToArray();

    /// <summary>A false variant of <paramref name="caption"/> (in tokenizer words), or the caption itself if no change applies.</summary>
    public static string Corrupt(string caption, Random random)
    {
        var words = WordTokenizer.Words(caption).ToArray();
        var changes = new Func<string[]?>[]
        {
            () => SwapTwo(words, w => ObjectColors.Contains(w), random),
            () => SwapTwo(words, IsShape, random),
            () => FlipRelation(words),
            () => SwapAroundRelation(words),
            () => ReplaceOne(words, w => w is "two" or "three", w => w == "two" ? "three" : "two", random),
            () => ReplaceOne(words, w => ObjectColors.Contains(w), w => Other(ObjectColors, w, random), random),
            () => ReplaceOne(words, IsShape, w => OtherShape(w, random), random),
            () => ReplaceOne(words, w => Backgrounds.Contains(w), w => Other(Backgrounds, w, random), random),
        };
        random.Shuffle(changes);
        foreach (var change in changes)
        {
            var changed = change();
            if (changed is not null && !changed.SequenceEqual(words))
                return string.Join(' ', changed);
        }
        return caption;
    }

    private static bool IsShape(string w) => Singular.Contains(w) || Plural.Contains(w);

    private static string Other(HashSet<string> set, string w, Random random)
    {
        var others = set.Where(x => x != w).ToArray();
        return others[random.Next(others.Length)];
    }

    private static string OtherShape(string w, Random random)
    {
        var pool = Singular.Contains(w) ? Singular : Plural;
        var others = pool.Where(x => x != w).ToArray();
        return others[random.Next(others.Length)];
    }

    /// <summary>Swaps two different words that match (two colours, two shapes).</summary>
    private static string[]? SwapTwo(string[] words, Func<string, bool> matches, Random random)
    {
        var at = Enumerable.Range(0, words.Length).Where(i => matches(words[i])).ToArray();
        if (at.Length < 2)
            return null;
        int a = at[random.Next(at.Length)], b = at[random.Next(at.Length)];
        if (words[a] == words[b])
            return null;
        var copy = (string[])words.Clone();
        (copy[a], copy[b]) = (copy[b], copy[a]);
        return copy;
    }

    private static string[]? FlipRelation(string[] words)
    {
        int i = Array.FindIndex(words, w => Opposites.ContainsKey(w));
        if (i < 0)
            return null;
        var copy = (string[])words.Clone();
        copy[i] = Opposites[words[i]];
        return copy;
    }

    /// <summary>"A above B" → "B above A" (the background phrase stays at the end).</summary>
    private static string[]? SwapAroundRelation(string[] words)
    {
        int r = Array.FindIndex(words, w => Opposites.ContainsKey(w));
        if (r < 0)
            return null;
        int after = words[r] is "left" or "right" ? r + 2 : r + 1;                 // "left of" is two words
        int end = Array.IndexOf(words, "on", after);
        if (end < 0)
            end = words.Length;
        var first = words[..r];
        var second = words[after..end];
        return [.. second, .. words[r..after], .. first, .. words[end..]];
    }

    private static string[]? ReplaceOne(string[] words, Func<string, bool> matches, Func<string, string> replacement, Random random)
    {
        var at = Enumerable.Range(0, words.Length).Where(i => matches(words[i])).ToArray();
        if (at.Length == 0)
            return null;
        var copy = (string[])words.Clone();
        int k = at[random.Next(at.Length)];
        copy[k] = replacement(copy[k]);
        return copy;
    }
}
