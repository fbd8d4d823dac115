using Pigment.Cli;
using Pigment.Core.Imaging;
using Xunit;

namespace Pigment.Tests.TextToImage;

[Collection("console")]
public sealed class GenerateCliTests
{
    private static (int Code, string Error) Run(params string[] args)
    {
        var error = new StringWriter();
        var code = Pigment.Cli.Cli.Run(PigmentCommands.Root(), args, new StringWriter(), error);
        return (code, error.ToString());
    }

    [Fact]
    public void FromPngRedoesTheImageExactly()
    {
        using var temp = new TempFolder();
        var model = temp.File("tiny-sd");
        using (var pipeline = TinyTextToImage.Create())
            TinyTextToImage.Save(pipeline, model);
        var (code, error) = Run("generate", "a red circle above a blue square", "--negative", "green", "--model", model, "--count", "3", "--steps", "5",
            "--guidance", "2.5", "--seed", "70", "--out", temp.File("first"));
        Assert.True(code == 0, error);
        var second = Directory.GetFiles(temp.File("first")).Order().ElementAt(1);
        var parameters = PngText.ReadParameters(second)!;
        Assert.Contains("Negative prompt: green", parameters);
        Assert.Contains("Seed: 71", parameters);
        Assert.Contains("CFG scale: 2.5", parameters);

        (code, error) = Run("generate", "--from-png", second, "--model", model, "--out", temp.File("again"));
        Assert.True(code == 0, error);
        var again = Directory.GetFiles(temp.File("again")).Single();
        Assert.Equal(ImageIO.Load(second).Pixels, ImageIO.Load(again).Pixels);
    }

    [Fact]
    public void UnknownWordsAreAWarningAndBadStrengthAnError()
    {
        using var temp = new TempFolder();
        var model = temp.File("tiny-sd");
        using (var pipeline = TinyTextToImage.Create())
            TinyTextToImage.Save(pipeline, model);
        var (code, error) = Run("generate", "a purple dragon", "--model", model, "--count", "1", "--steps", "2", "--seed", "1", "--out", temp.File("out"));
        Assert.Equal(0, code);
        Assert.Single(Directory.GetFiles(temp.File("out")));
        (code, error) = Run("generate", "a star", "--model", model, "--strength", "1.5", "--out", temp.File("bad"));
        Assert.NotEqual(0, code);
        Assert.Contains("--strength", error);
        Assert.False(Directory.Exists(temp.File("bad")));
    }
}
