using Pigment.Core.Data.Shapes;

namespace Pigment.Evaluation.Scenes;

/// <summary>One clause of a prompt: Count objects of a kind and colour (null: any).</summary>
public sealed record ObjectClause(int Count, ShapeKind? Kind, string? Color);

/// <summary>
/// An evaluation prompt with what it asks for: object clauses, and optionally a relation between the first two
/// objects and a background. An image passes only if every clause holds (GenEval's rule, Ghosh et al. 2023): exactly
/// the asked objects and no others, each clause's count exact, the relation and the background right.
/// </summary>
public sealed record ScenePrompt(string Category, string Text, IReadOnlyList<ObjectClause> Objects)
{
    public ShapeRelation? Relation { get; init; }

    public string? Background { get; init; }

    /// <summary>Whether the scene read from an image does what the prompt asks, and if not, the first clause it breaks.</summary>
    public (bool Pass, string Reason) Judge(DetectedScene scene)
    {
        int total = Objects.Sum(c => c.Count);
        if (scene.Objects.Count != total)
            return (false, $"{scene.Objects.Count} objects, not {total}");
        var matched = new List<DetectedObject>();
        foreach (var clause in Objects)
        {
            var matching = scene.Objects.Where(o => (clause.Kind is null || o.Kind == clause.Kind) && (clause.Color is null || o.Color == clause.Color)).ToList();
            if (matching.Count != clause.Count)
                return (false, $"{matching.Count} of {Describe(clause)}, not {clause.Count} (read: {string.Join(", ", scene.Objects.Select(o => $"{o.Color} {ShapeVocabulary.KindWord(o.Kind)}"))})");
            matched.Add(matching[0]);
        }
        if (Background is { } background && scene.Background != background)
            return (false, $"a {scene.Background} background, not {background}");
        if (Relation is { } relation && !Holds(relation, matched[0], matched[1], scene.ImageSize))
            return (false, $"not {ShapeVocabulary.RelationWords(relation)}");
        return (true, "");
    }

    /// <summary>
    /// "first RELATION second" in a generated image: apart along the relation's axis by at least a tenth of the side,
    /// and more along it than across it (a looser test than the one the training layouts obey).
    /// </summary>
    public static bool Holds(ShapeRelation relation, DetectedObject first, DetectedObject second, int imageSize)
    {
        double dx = second.CenterX - first.CenterX, dy = second.CenterY - first.CenterY, minimum = 0.1 * imageSize;
        return relation switch
        {
            ShapeRelation.Above => dy >= minimum && dy > Math.Abs(dx),
            ShapeRelation.Below => -dy >= minimum && -dy > Math.Abs(dx),
            ShapeRelation.LeftOf => dx >= minimum && dx > Math.Abs(dy),
            _ => -dx >= minimum && -dx > Math.Abs(dy),
        };
    }

    private static string Describe(ObjectClause c) =>
        $"{c.Color ?? "any colour"} {(c.Kind is { } k ? ShapeVocabulary.PluralWord(k) : "objects")}";
}
