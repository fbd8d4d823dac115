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
/// The ground truth of one Shapes image: its background, 1–3 objects, the relation of a two-object scene, and the
/// caption that describes them ("a small red circle above a large blue square").
/// </summary>
public sealed record ShapeScene(int ImageSize, ShapeColor Background, IReadOnlyList<ShapeObject> Objects, ShapeRelation? Relation, bool CaptionMentionsBackground)
{
    public string Caption
    {
        get
        {
            var phrases = Objects.Select(o => "a " + o.Describe()).ToList();
            string text = Objects.Count switch
            {
                1 => phrases[0],
                2 when Relation is { } relation => $"{phrases[0]} {ShapeVocabulary.RelationWords(relation)} {phrases[1]}",
                2 => $"{phrases[0]} and {phrases[1]}",
                _ => string.Join(", ", phrases.Take(phrases.Count - 1)) + " and " + phrases[^1],
            };
            return CaptionMentionsBackground ? $"{text} on a {Background.Name} background" : text;
        }
    }
}
