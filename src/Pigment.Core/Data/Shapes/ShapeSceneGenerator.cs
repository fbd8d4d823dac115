namespace Pigment.Core.Data.Shapes;

/// <summary>
/// Draws random scenes: 1–3 objects of random kind, colour and size, laid out without overlap. A two-object
/// scene gets a spatial relation (above, below, left of, right of) that its layout obeys clearly: the centres
/// differ more along the relation's axis than across it.
/// </summary>
public static class ShapeSceneGenerator
{
    private const int MaxAttempts = 200;

    public static ShapeScene Generate(Random random, int imageSize)
    {
        if (imageSize < 16)
            throw new PigmentException($"Shapes images must be at least 16 pixels wide, not {imageSize}.");
        int count = random.Next(100) switch { < 40 => 1, < 80 => 2, _ => 3 };
        var background = ShapeVocabulary.Backgrounds[random.Next(ShapeVocabulary.Backgrounds.Count)];
        ShapeRelation? relation = count == 2 ? (ShapeRelation)random.Next(4) : null;

        var kinds = Enumerable.Range(0, count).Select(_ => ShapeVocabulary.Kinds[random.Next(ShapeVocabulary.Kinds.Count)]).ToArray();
        var colors = Enumerable.Range(0, count).Select(_ => ShapeVocabulary.ObjectColors[random.Next(ShapeVocabulary.ObjectColors.Count)]).ToArray();
        var sizes = Enumerable.Range(0, count).Select(_ => random.Next(2) == 0 ? ShapeSize.Small : ShapeSize.Large).ToArray();
        bool mentionBackground = random.Next(2) == 0;

        // Place by rejection sampling; if a layout keeps failing (three large objects), shrink one object and retry.
        for (int round = 0; ; round++)
        {
            var placed = TryPlace(random, imageSize, kinds, colors, sizes, relation);
            if (placed is not null)
                return new ShapeScene(imageSize, background, placed, relation, mentionBackground);
            int large = Array.FindIndex(sizes, s => s == ShapeSize.Large);
            if (large < 0 || round > 10)
                throw new InvalidOperationException($"Could not lay out {count} objects in a {imageSize}px image.");
            sizes[large] = ShapeSize.Small;
        }
    }

    /// <summary>
    /// A scene for text-to-image training and evaluation: one object (35%), two with a relation (30%), two joined
    /// by "and" (10%), or a count (25%: two or three equal objects, a pair sometimes with one other object), worded
    /// with sizes a quarter of the time and without colours a sixth of the time. No object is one of
    /// <paramref name="exclude"/>'s colour–shape pairs.
    /// </summary>
    public static ShapeScene GenerateCaptioned(Random random, int imageSize, IReadOnlyCollection<ShapePair> exclude)
    {
        var background = ShapeVocabulary.Backgrounds[random.Next(ShapeVocabulary.Backgrounds.Count)];
        int layout = random.Next(100);
        ShapeRelation? relation = layout is >= 35 and < 65 ? (ShapeRelation)random.Next(4) : null;
        var wording = new ShapeWording(Sizes: random.Next(4) == 0, Colors: random.Next(6) != 0, Counts: true);
        var objects = new List<(ShapeKind Kind, ShapeColor Color, ShapeSize Size)>();
        if (layout < 75)
        {
            int count = layout < 35 ? 1 : 2;
            while (objects.Count < count)
            {
                var o = DrawObject(random, exclude);
                // Distinct descriptions, so that each object of a two-object caption is its own phrase.
                if (objects.All(p => p.Kind != o.Kind || (wording.Colors && p.Color != o.Color)))
                    objects.Add(o);
            }
        }
        else
        {
            int same = random.Next(2) == 0 ? 2 : 3;
            var o = DrawObject(random, exclude);
            objects.AddRange(Enumerable.Repeat(o, same));
            if (same == 2 && random.Next(5) < 2)
            {
                var other = DrawObject(random, exclude);
                while (other.Kind == o.Kind && (other.Color == o.Color || !wording.Colors))
                    other = DrawObject(random, exclude);
                objects.Add(other);
            }
        }
        var kinds = objects.Select(o => o.Kind).ToArray();
        var colors = objects.Select(o => o.Color).ToArray();
        var sizes = objects.Select(o => o.Size).ToArray();
        for (int round = 0; ; round++)
        {
            var placed = TryPlace(random, imageSize, kinds, colors, sizes, relation);
            if (placed is not null)
                return new ShapeScene(imageSize, background, placed, relation, random.Next(2) == 0) { Wording = wording };
            if (round > 10)
                throw new InvalidOperationException($"Could not lay out {kinds.Length} objects in a {imageSize}px image.");
            for (int i = 0; i < sizes.Length; i++)
                sizes[i] = ShapeSize.Small;                         // equal objects shrink together, so they still read the same
        }
    }

    private static (ShapeKind Kind, ShapeColor Color, ShapeSize Size) DrawObject(Random random, IReadOnlyCollection<ShapePair> exclude)
    {
        while (true)
        {
            var kind = ShapeVocabulary.Kinds[random.Next(ShapeVocabulary.Kinds.Count)];
            var color = ShapeVocabulary.ObjectColors[random.Next(ShapeVocabulary.ObjectColors.Count)];
            var size = random.Next(2) == 0 ? ShapeSize.Small : ShapeSize.Large;
            if (!exclude.Contains(new ShapePair(color.Name, kind)))
                return (kind, color, size);
        }
    }

    private static ShapeObject[]? TryPlace(Random random, int size, ShapeKind[] kinds, ShapeColor[] colors, ShapeSize[] sizes, ShapeRelation? relation)
    {
        // Distances are fractions of the image side, so a seed gives the same scene at every resolution.
        float margin = 0.04f * size, gap = 0.06f * size;
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var objects = new ShapeObject[kinds.Length];
            bool ok = true;
            for (int i = 0; i < kinds.Length && ok; i++)
            {
                float radius = ShapeVocabulary.RadiusFraction(sizes[i]) * size * (0.9f + 0.2f * (float)random.NextDouble());
                float lo = radius + margin, hi = size - radius - margin;
                float x = lo + (hi - lo) * (float)random.NextDouble();
                float y = lo + (hi - lo) * (float)random.NextDouble();
                float rotation = kinds[i] switch
                {
                    ShapeKind.Circle => 0,
                    _ => (float)(random.NextDouble() * 20 - 10),
                };
                objects[i] = new ShapeObject(kinds[i], colors[i], sizes[i], x, y, radius, rotation);
                for (int j = 0; j < i && ok; j++)
                {
                    float dx = objects[i].CenterX - objects[j].CenterX, dy = objects[i].CenterY - objects[j].CenterY;
                    ok = MathF.Sqrt(dx * dx + dy * dy) >= objects[i].Radius + objects[j].Radius + gap;
                }
            }
            if (ok && (relation is null || Holds(relation.Value, objects[0], objects[1], size)))
                return objects;
        }
        return null;
    }

    /// <summary>
    /// Whether "first RELATION second" reads true: along the relation's axis the centres are apart by at least
    /// 15% of the image and by more than twice their offset across it.
    /// </summary>
    public static bool Holds(ShapeRelation relation, ShapeObject first, ShapeObject second, int imageSize)
    {
        float dx = second.CenterX - first.CenterX, dy = second.CenterY - first.CenterY;
        float minimum = 0.15f * imageSize;
        return relation switch
        {
            ShapeRelation.Above => dy >= minimum && dy > 2 * MathF.Abs(dx),
            ShapeRelation.Below => -dy >= minimum && -dy > 2 * MathF.Abs(dx),
            ShapeRelation.LeftOf => dx >= minimum && dx > 2 * MathF.Abs(dy),
            _ => -dx >= minimum && -dx > 2 * MathF.Abs(dy),
        };
    }
}
