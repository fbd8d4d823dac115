using Pigment.Core.Data.Shapes;

namespace Pigment.Evaluation.Scenes;

/// <summary>
/// The evaluation prompts of text-to-image, by GenEval's categories (Ghosh et al. 2023) in the shapes world, drawn
/// from a seed that training never uses. Only the held-out category names a held-out colour–shape pair.
/// </summary>
public static class EvaluationPrompts
{
    /// <summary>The seed of the evaluation prompts (training uses 0, the test split 1,000,003).</summary>
    public const long DefaultSeed = 20_261_202;

    public static readonly string[] Categories = ["single object", "two objects", "counting", "colors", "position", "attribute binding", "held-out pairs"];

    /// <summary><paramref name="perCategory"/> prompts of each category.</summary>
    public static IReadOnlyList<ScenePrompt> Create(int perCategory, long seed = DefaultSeed)
    {
        var random = new Random((int)(seed % int.MaxValue));
        var prompts = new List<ScenePrompt>();
        foreach (var category in Categories)
            for (int i = 0; i < perCategory; i++)
                prompts.Add(Make(category, random));
        return prompts;
    }

    private static ScenePrompt Make(string category, Random random)
    {
        var prompt = MakeWorded(category, random);
        return prompt with { Text = ShapeVocabulary.Articles(prompt.Text) };
    }

    private static ScenePrompt MakeWorded(string category, Random random)
    {
        string Kind(ShapeKind k) => ShapeVocabulary.KindWord(k);
        switch (category)
        {
            case "single object":
            {
                var (c, k) = Pair(random);
                return new(category, $"a {c} {Kind(k)}", [new(1, k, c)]);
            }
            case "two objects":
            {
                var (k1, k2) = TwoKinds(random);
                return new(category, $"a {Kind(k1)} and a {Kind(k2)}", [new(1, k1, null), new(1, k2, null)]);
            }
            case "counting":
            {
                int n = 1 + random.Next(3);
                var (c, k) = Pair(random);
                string? color = random.Next(2) == 0 ? c : null;
                string noun = n == 1 ? Kind(k) : ShapeVocabulary.PluralWord(k);
                var text = string.Join(' ', new[] { ShapeVocabulary.CountWord(n), color, noun }.OfType<string>());
                return new(category, text, [new(n, k, color)]);
            }
            case "colors":
            {
                var (c, k) = Pair(random);
                var background = ShapeVocabulary.Backgrounds[random.Next(ShapeVocabulary.Backgrounds.Count)].Name;
                return new(category, $"a {c} {Kind(k)} on a {background} background", [new(1, k, c)]) { Background = background };
            }
            case "position":
            {
                var (c1, k1, c2, k2) = TwoPairs(random);
                var relation = (ShapeRelation)random.Next(4);
                return new(category, $"a {c1} {Kind(k1)} {ShapeVocabulary.RelationWords(relation)} a {c2} {Kind(k2)}", [new(1, k1, c1), new(1, k2, c2)]) { Relation = relation };
            }
            case "attribute binding":
            {
                var (c1, k1, c2, k2) = TwoPairs(random);
                return new(category, $"a {c1} {Kind(k1)} and a {c2} {Kind(k2)}", [new(1, k1, c1), new(1, k2, c2)]);
            }
            case "held-out pairs":
            {
                var pair = ShapeVocabulary.HeldOutPairs[random.Next(ShapeVocabulary.HeldOutPairs.Count)];
                return new(category, $"a {pair.Color} {Kind(pair.Kind)}", [new(1, pair.Kind, pair.Color)]);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(category), category, null);
        }
    }

    /// <summary>A colour and a shape that training has seen together.</summary>
    private static (string Color, ShapeKind Kind) Pair(Random random)
    {
        while (true)
        {
            var c = ShapeVocabulary.ObjectColors[random.Next(ShapeVocabulary.ObjectColors.Count)].Name;
            var k = ShapeVocabulary.Kinds[random.Next(ShapeVocabulary.Kinds.Count)];
            if (!ShapeVocabulary.HeldOutPairs.Contains(new ShapePair(c, k)))
                return (c, k);
        }
    }

    private static (ShapeKind, ShapeKind) TwoKinds(Random random)
    {
        var k1 = ShapeVocabulary.Kinds[random.Next(ShapeVocabulary.Kinds.Count)];
        var k2 = k1;
        while (k2 == k1)
            k2 = ShapeVocabulary.Kinds[random.Next(ShapeVocabulary.Kinds.Count)];
        return (k1, k2);
    }

    /// <summary>Two seen pairs with different colours and different shapes (so each clause names exactly one object).</summary>
    private static (string, ShapeKind, string, ShapeKind) TwoPairs(Random random)
    {
        var (c1, k1) = Pair(random);
        while (true)
        {
            var (c2, k2) = Pair(random);
            if (c2 != c1 && k2 != k1)
                return (c1, k1, c2, k2);
        }
    }
}
