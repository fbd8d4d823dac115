using Pigment.Core.Data;
using Pigment.Core.Data.Shapes;

namespace Pigment.Tests.Data;

public class ShapesTests
{
    [Fact]
    public void SameSeedSameImagesDifferentSeedDifferent()
    {
        var a = new ShapesDataset(count: 100, seed: 3);
        var b = new ShapesDataset(count: 100, seed: 3);
        var c = new ShapesDataset(count: 100, seed: 4);
        Assert.Equal(a.Get(17).Image.Pixels, b.Get(17).Image.Pixels);
        Assert.Equal(a.Get(17).Caption, b.Get(17).Caption);
        Assert.NotEqual(a.Get(17).Image.Pixels, c.Get(17).Image.Pixels);
    }

    [Fact]
    public void ScenesAreTheSameAtEveryResolution()
    {
        var small = new ShapesDataset(count: 50, size: 32, seed: 9);
        var large = new ShapesDataset(count: 50, size: 128, seed: 9);
        for (int i = 0; i < 50; i++)
            Assert.Equal(small.Get(i).Caption, large.Get(i).Caption);
    }

    [Fact]
    public void CaptionsMatchTheGroundTruth()
    {
        var set = new ShapesDataset(count: 400, size: 64, seed: 1);
        int relations = 0;
        for (int i = 0; i < set.Count; i++)
        {
            var scene = set.GetScene(i);
            Assert.InRange(scene.Objects.Count, 1, 3);
            foreach (var o in scene.Objects)
            {
                Assert.Contains(o.Describe(), scene.Caption);
                Assert.InRange(o.CenterX - o.Radius, 0, 64);
                Assert.InRange(o.CenterX + o.Radius, 0, 64);
            }
            if (scene.Relation is { } relation)
            {
                relations++;
                Assert.True(ShapeSceneGenerator.Holds(relation, scene.Objects[0], scene.Objects[1], 64));
                Assert.Contains(ShapeVocabulary.RelationWords(relation), scene.Caption);
            }
            Assert.Equal(scene.CaptionMentionsBackground, scene.Caption.EndsWith($"on a {scene.Background.Name} background", StringComparison.Ordinal));
            Assert.All(scene.Caption.Split(' '), word => Assert.Contains(word.TrimEnd(','), ShapeVocabulary.Words));
        }
        Assert.InRange(relations, 100, 220); // about 40% of scenes have two objects
    }

    [Fact]
    public void RenderedObjectsHaveTheirColour()
    {
        var set = new ShapesDataset(count: 200, size: 64, seed: 2);
        for (int i = 0; i < set.Count; i++)
        {
            var scene = set.GetScene(i);
            var image = set.Get(i).Image;
            foreach (var o in scene.Objects.Where(o => o.Kind is ShapeKind.Circle or ShapeKind.Square or ShapeKind.Hexagon))
            {
                int x = (int)o.CenterX, y = (int)o.CenterY;
                Assert.Equal((o.Color.R, o.Color.G, o.Color.B), (image[x, y, 0], image[x, y, 1], image[x, y, 2]));
            }
            Assert.Equal((scene.Background.R, scene.Background.G, scene.Background.B), (image[0, 0, 0], image[0, 0, 1], image[0, 0, 2]));
        }
    }
}
