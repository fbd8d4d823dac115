using Pigment.Core.Data.Shapes;
using Pigment.Core.Imaging;
using Pigment.Evaluation.Scenes;
using Pigment.Pipelines;
using Pigment.Pipelines.Generation;
using Xunit.Abstractions;

namespace Pigment.Tests;

/// <summary>
/// The shipped text-to-image model still draws what single-object prompts ask, judged by the scene parser, through
/// the same path as <c>pigment generate</c>. The full measurement is <c>pigment eval sd-shapes</c> (its card).
/// </summary>
public sealed class ShippedTextToImageTests(ITestOutputHelper output)
{
    // Set from the card's single-object score with a wide margin (see the card for the measured figure).
    private const int MinimumPasses = 10;

    [Fact]
    public void SdShapesDrawsSingleObjectsThatTheSceneParserReadsBack()
    {
        using var generator = Generators.Open(ModelStore.Resolve("sd-shapes"));
        (string Text, ShapeKind Kind, string Color)[] prompts =
            [("a red circle", ShapeKind.Circle, "red"), ("a blue square", ShapeKind.Square, "blue"), ("a green triangle", ShapeKind.Triangle, "green"), ("a yellow star", ShapeKind.Star, "yellow")];
        int passes = 0;
        foreach (var (text, kind, color) in prompts)
        {
            var prompt = new ScenePrompt("single object", text, [new ObjectClause(1, kind, color)]);
            using var result = generator.Generate(new GenerationRequest { Prompt = text, Count = 4, Seed = 1 });
            foreach (var image in ImageTensor.ToImages(result.Images))
            {
                var (pass, reason) = prompt.Judge(SceneParser.Parse(image));
                output.WriteLine($"{text}: {(pass ? "pass" : reason)}");
                passes += pass ? 1 : 0;
            }
        }
        Assert.True(passes >= MinimumPasses, $"{passes} of 16 images hold their prompt (at least {MinimumPasses} expected)");
    }
}
