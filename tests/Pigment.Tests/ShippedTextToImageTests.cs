using Pigment.Core.Data.Shapes;
using Pigment.Core.Imaging;
using Pigment.Evaluation.Scenes;
using Pigment.Pipelines;
using Pigment.Pipelines.Generation;
using Xunit.Abstractions;

namespace Pigment.Tests;

/// <summary>
/// The shipped text-to-image model still follows single-object prompts, read back by the scene parser, through the
/// same path as <c>pigment generate</c>. The full measurement is <c>pigment eval sd-shapes</c> (its card).
/// </summary>
public sealed class ShippedTextToImageTests(ITestOutputHelper output)
{
    // The shipped weights (the two-block UNet at 8,000 steps) draw an object of the asked colour in 12 of these 16
    // images and the whole prompt in 5 (its card: single-object score 0.10 over 80 images). The check is on colour, with a margin:
    // a model that lost its conditioning draws the asked colour in about one image in eight.
    private const int MinimumColours = 6;

    [Fact]
    public void SdShapesDrawsSingleObjectsThatTheSceneParserReadsBack()
    {
        using var generator = Generators.Open(ModelStore.Resolve("sd-shapes"));
        (string Text, ShapeKind Kind, string Color)[] prompts =
            [("a red circle", ShapeKind.Circle, "red"), ("a blue square", ShapeKind.Square, "blue"), ("a green triangle", ShapeKind.Triangle, "green"), ("a yellow star", ShapeKind.Star, "yellow")];
        int passes = 0, colours = 0;
        foreach (var (text, kind, color) in prompts)
        {
            var prompt = new ScenePrompt("single object", text, [new ObjectClause(1, kind, color)]);
            using var result = generator.Generate(new GenerationRequest { Prompt = text, Count = 4, Seed = 1 });
            foreach (var image in ImageTensor.ToImages(result.Images))
            {
                var scene = SceneParser.Parse(image);
                var (pass, reason) = prompt.Judge(scene);
                output.WriteLine($"{text}: {(pass ? "pass" : reason)}");
                passes += pass ? 1 : 0;
                colours += scene.Objects.Any(o => o.Color == color) ? 1 : 0;
            }
        }
        output.WriteLine($"{passes} of 16 hold their prompt; {colours} of 16 hold an object of the asked colour");
        Assert.True(colours >= MinimumColours, $"{colours} of 16 images hold an object of the asked colour (at least {MinimumColours} expected)");
    }

    /// <summary>
    /// StackGAN draws blobs of the asked colour on the asked background (its card): the scene parser must find an object
    /// of the asked colour, and the background it reads must be the asked one.
    /// </summary>
    [Fact]
    public void StackGanShapesDrawsTheAskedColourOnTheAskedBackground()
    {
        using var generator = Generators.Open(ModelStore.Resolve("stackgan-shapes"));
        (string Text, string Color, string Background)[] prompts =
            [("a yellow star on a black background", "yellow", "black"), ("a red circle on a white background", "red", "white"), ("a blue square on a black background", "blue", "black")];
        int colours = 0, backgrounds = 0;
        foreach (var (text, color, background) in prompts)
        {
            using var result = generator.Generate(new GenerationRequest { Prompt = text, Count = 8, Seed = 1 });
            foreach (var image in ImageTensor.ToImages(result.Images))
            {
                var scene = SceneParser.Parse(image);
                colours += scene.Objects.Any(o => o.Color == color) ? 1 : 0;
                backgrounds += scene.Background == background ? 1 : 0;
            }
        }
        output.WriteLine($"{colours} of 24 hold an object of the asked colour, {backgrounds} of 24 the asked background");
        Assert.True(colours >= 12, $"{colours} of 24 images hold an object of the asked colour");   // 19 with the shipped weights
        Assert.True(backgrounds >= 18, $"{backgrounds} of 24 images have the asked background");
    }
}
