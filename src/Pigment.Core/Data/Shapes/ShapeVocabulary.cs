namespace Pigment.Core.Data.Shapes;

/// <summary>The words and colours the Shapes dataset draws from; captions use nothing else.</summary>
public static class ShapeVocabulary
{
    public static readonly IReadOnlyList<ShapeColor> ObjectColors =
    [
        new("red", 220, 40, 40),
        new("orange", 245, 140, 20),
        new("yellow", 240, 210, 30),
        new("green", 40, 170, 60),
        new("blue", 40, 90, 225),
        new("purple", 140, 60, 190),
        new("pink", 245, 120, 185),
        new("cyan", 30, 195, 215),
    ];

    public static readonly IReadOnlyList<ShapeColor> Backgrounds =
    [
        new("white", 245, 245, 245),
        new("gray", 120, 120, 120),
        new("black", 20, 20, 20),
    ];

    /// <summary>
    /// Colour–shape pairs that the text-to-image data never draws: a model that renders "a purple star" has composed
    /// "purple" and "star" from other scenes, not recalled a picture. Every colour and every shape still occurs.
    /// </summary>
    public static IReadOnlyList<ShapePair> HeldOutPairs { get; } =
    [
        new("purple", ShapeKind.Star),
        new("cyan", ShapeKind.Hexagon),
        new("orange", ShapeKind.Cross),
        new("pink", ShapeKind.Triangle),
        new("green", ShapeKind.Diamond),
    ];

    public static ShapeColor Color(string name) =>
        ObjectColors.FirstOrDefault(c => c.Name == name) ?? throw new ArgumentException($"No object colour '{name}'.");

    public static IReadOnlyList<ShapeKind> Kinds { get; } = Enum.GetValues<ShapeKind>();

    /// <summary>Radius of the circumscribed circle as a fraction of the image side.</summary>
    public static float RadiusFraction(ShapeSize size) => size == ShapeSize.Small ? 0.13f : 0.2f;

    public static string KindWord(ShapeKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>"circles", "crosses".</summary>
    public static string PluralWord(ShapeKind kind) => kind == ShapeKind.Cross ? "crosses" : KindWord(kind) + "s";

    /// <summary>The article or number word of a count: "a", "two", "three".</summary>
    public static string CountWord(int count) => count switch
    {
        1 => "a",
        2 => "two",
        3 => "three",
        _ => throw new ArgumentOutOfRangeException(nameof(count), $"Scenes hold 1 to 3 objects, not {count}."),
    };

    /// <summary>"a orange star" → "an orange star": "an" before a vowel (the tokenizer reads "an" as "a").</summary>
    public static string Articles(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\ba (?=[aeiou])", "an ");

    public static string SizeWord(ShapeSize size) => size == ShapeSize.Small ? "small" : "large";

    public static string RelationWords(ShapeRelation relation) => relation switch
    {
        ShapeRelation.Above => "above",
        ShapeRelation.Below => "below",
        ShapeRelation.LeftOf => "left of",
        _ => "right of",
    };

    /// <summary>Every word a caption can use, for tokenizers.</summary>
    public static IReadOnlyList<string> Words =>
        new[] { "a", "two", "three", "and", "on", "background", "above", "below", "left", "right", "of", "small", "large" }
            .Concat(ObjectColors.Select(c => c.Name))
            .Concat(Backgrounds.Select(c => c.Name))
            .Concat(Kinds.Select(KindWord))
            .Concat(Kinds.Select(PluralWord))
            .Distinct()
            .ToArray();
}

/// <summary>A colour with a shape, e.g. "purple star".</summary>
public sealed record ShapePair(string Color, ShapeKind Kind)
{
    public override string ToString() => $"{Color} {ShapeVocabulary.KindWord(Kind)}";
}
