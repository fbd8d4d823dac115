namespace Pigment.Core.Data.Shapes;

public enum ShapeKind
{
    Circle,
    Square,
    Triangle,
    Star,
    Diamond,
    Hexagon,
    Cross,
}

public enum ShapeSize
{
    Small,
    Large,
}

/// <summary>How the first object of a two-object scene stands to the second.</summary>
public enum ShapeRelation
{
    Above,
    Below,
    LeftOf,
    RightOf,
}

/// <summary>A named colour of the shapes vocabulary.</summary>
public sealed record ShapeColor(string Name, byte R, byte G, byte B);

/// <summary>
/// One object in a scene, in pixels of the rendered image: centre, radius (of the circumscribed circle) and
/// rotation in degrees.
/// </summary>
public sealed record ShapeObject(ShapeKind Kind, ShapeColor Color, ShapeSize Size, float CenterX, float CenterY, float Radius, float RotationDegrees)
{
    public string Describe() => $"{ShapeVocabulary.SizeWord(Size)} {Color.Name} {ShapeVocabulary.KindWord(Kind)}";
}

/// <summary>
/// Which words a caption spends on a scene. The full form names every object's size and colour ("a small red
/// circle above a large blue square"); the text-to-image data also drops sizes or colours, so that short prompts
/// ("a red circle", "three stars") are captions the model has seen, and groups equal objects into a count ("two
/// red circles and a blue square").
/// </summary>
public sealed record ShapeWording(bool Sizes = true, bool Colors = true, bool Counts = false)
{
    public static ShapeWording Full { get; } = new();
}

/// <summary>
/// The ground truth of one Shapes image: its background, 1–3 objects, the relation of a two-object scene, and the
/// caption that describes them ("a small red circle above a large blue square").
/// </summary>
public sealed record ShapeScene(int ImageSize, ShapeColor Background, IReadOnlyList<ShapeObject> Objects, ShapeRelation? Relation, bool CaptionMentionsBackground)
{
    public ShapeWording Wording { get; init; } = ShapeWording.Full;

    public string Caption
    {
        get
        {
            var phrases = Groups().Select(g => Phrase(g[0], g.Count)).ToList();
            string text = phrases.Count switch
            {
                1 => phrases[0],
                2 when Relation is { } relation => $"{phrases[0]} {ShapeVocabulary.RelationWords(relation)} {phrases[1]}",
                2 => $"{phrases[0]} and {phrases[1]}",
                _ => string.Join(", ", phrases.Take(phrases.Count - 1)) + " and " + phrases[^1],
            };
            return CaptionMentionsBackground ? $"{text} on a {Background.Name} background" : text;
        }
    }

    /// <summary>The objects as the caption names them: runs of objects that read the same are one group when counting.</summary>
    public IReadOnlyList<IReadOnlyList<ShapeObject>> Groups()
    {
        var groups = new List<List<ShapeObject>>();
        foreach (var o in Objects)
        {
            if (Wording.Counts && groups.Count > 0 && Phrase(groups[^1][0], 1) == Phrase(o, 1))
                groups[^1].Add(o);
            else
                groups.Add([o]);
        }
        return groups;
    }

    /// <summary>"a small red circle", or "two red circles" for a count above one, in this scene's wording.</summary>
    private string Phrase(ShapeObject o, int count)
    {
        var words = new List<string> { ShapeVocabulary.CountWord(count) };
        if (Wording.Sizes)
            words.Add(ShapeVocabulary.SizeWord(o.Size));
        if (Wording.Colors)
            words.Add(o.Color.Name);
        words.Add(count == 1 ? ShapeVocabulary.KindWord(o.Kind) : ShapeVocabulary.PluralWord(o.Kind));
        return ShapeVocabulary.Articles(string.Join(' ', words));
    }
}
