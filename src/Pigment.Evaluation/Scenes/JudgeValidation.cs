using Pigment.Core.Data;
using Pigment.Core.Data.Shapes;

namespace Pigment.Evaluation.Scenes;

/// <param name="Scenes">real renders read</param>
/// <param name="Accepted">share of scenes whose true description the judge accepts</param>
/// <param name="Rejected">share of false descriptions (one colour, shape, count, relation or background changed) it rejects</param>
/// <param name="Objects">share of objects read with the right shape, colour and size</param>
public sealed record JudgeAgreement(int Scenes, double Accepted, double Rejected, double Objects)
{
    /// <summary>Agreement with the ground truth over true and false descriptions alike.</summary>
    public double Overall => (Accepted + Rejected) / 2;
}

/// <summary>
/// Checks the judge on real renders before it judges any model: each scene's ground truth as a prompt must pass, and
/// a one-change corruption of it must fail.
/// </summary>
public static class JudgeValidation
{
    public static JudgeAgreement Measure(ShapesDataset scenes, int count)
    {
        int accepted = 0, rejected = 0, objectsRight = 0, objects = 0;
        var random = new Random(17);
        for (int i = 0; i < count; i++)
        {
            var scene = scenes.GetScene(i);
            var read = SceneParser.Parse(ShapeRenderer.Render(scene));
            var truth = Truth(scene);
            if (truth.Judge(read).Pass)
                accepted++;
            if (!Corrupt(truth, random).Judge(read).Pass)
                rejected++;
            foreach (var o in scene.Objects)
            {
                objects++;
                var nearest = read.Objects.MinBy(d => Math.Pow(d.CenterX - o.CenterX, 2) + Math.Pow(d.CenterY - o.CenterY, 2));
                if (nearest is not null && nearest.Kind == o.Kind && nearest.Color == o.Color.Name && nearest.Size == o.Size)
                    objectsRight++;
            }
        }
        return new JudgeAgreement(count, (double)accepted / count, (double)rejected / count, (double)objectsRight / objects);
    }

    /// <summary>The scene's ground truth as a prompt: one clause per kind and colour with its count, relation, background.</summary>
    public static ScenePrompt Truth(ShapeScene scene)
    {
        var clauses = scene.Objects.GroupBy(o => (o.Kind, o.Color.Name)).Select(g => new ObjectClause(g.Count(), g.Key.Kind, g.Key.Name)).ToList();
        // The relation's first and second objects lead the clause list.
        if (scene.Relation is not null)
            clauses = [new(1, scene.Objects[0].Kind, scene.Objects[0].Color.Name), new(1, scene.Objects[1].Kind, scene.Objects[1].Color.Name)];
        return new ScenePrompt("truth", scene.Caption, clauses) { Relation = scene.Relation, Background = scene.Background.Name };
    }

    private static ScenePrompt Corrupt(ScenePrompt truth, Random random)
    {
        var clauses = truth.Objects.ToList();
        int k = random.Next(clauses.Count);
        switch (random.Next(truth.Relation is null ? 4 : 5))
        {
            case 0:
                var colors = ShapeVocabulary.ObjectColors.Select(c => c.Name).Where(c => clauses.All(x => x.Color != c)).ToArray();
                clauses[k] = clauses[k] with { Color = colors[random.Next(colors.Length)] };
                return truth with { Objects = clauses };
            case 1:
                var kinds = ShapeVocabulary.Kinds.Where(s => clauses.All(x => x.Kind != s)).ToArray();
                clauses[k] = clauses[k] with { Kind = kinds[random.Next(kinds.Length)] };
                return truth with { Objects = clauses };
            case 2:
                clauses[k] = clauses[k] with { Count = clauses[k].Count == 1 ? 2 : clauses[k].Count - 1 };
                return truth with { Objects = clauses };
            case 3:
                var backgrounds = ShapeVocabulary.Backgrounds.Select(b => b.Name).Where(b => b != truth.Background).ToArray();
                return truth with { Background = backgrounds[random.Next(backgrounds.Length)] };
            default:
                return truth with { Relation = truth.Relation switch
                {
                    ShapeRelation.Above => ShapeRelation.Below,
                    ShapeRelation.Below => ShapeRelation.Above,
                    ShapeRelation.LeftOf => ShapeRelation.RightOf,
                    _ => ShapeRelation.LeftOf,
                } };
        }
    }
}
