using Pigment.Core.Data;
using Pigment.Core.Data.Shapes;
using Pigment.Evaluation.Scenes;
using Xunit;
using Xunit.Abstractions;

namespace Pigment.Tests.TextToImage;

public sealed class SceneJudgeTests(ITestOutputHelper output)
{
    [Fact]
    public void AgreesWithTheGroundTruthOfRealRenders()
    {
        var scenes = new ShapesDataset(count: 300, size: 64, seed: 5, captioned: true);
        var agreement = JudgeValidation.Measure(scenes, 300);
        output.WriteLine($"accepted {agreement.Accepted:P1}, rejected {agreement.Rejected:P1}, objects {agreement.Objects:P1}");
        Assert.True(agreement.Overall >= 0.98, $"agreement {agreement.Overall:P1}: accepted {agreement.Accepted:P1}, rejected {agreement.Rejected:P1}, objects {agreement.Objects:P1}");
        Assert.True(agreement.Objects >= 0.98, $"objects read right: {agreement.Objects:P1}");
    }

    [Fact]
    public void AnEmptyCanvasHasNoObjects()
    {
        var scene = new ShapeScene(64, ShapeVocabulary.Backgrounds[1], [], null, false);
        var read = SceneParser.Parse(ShapeRenderer.Render(scene));
        Assert.Empty(read.Objects);
        Assert.Equal("gray", read.Background);
    }
}
