using System.CommandLine;
using Pigment.Cli;
using Pigment.Cli.Commands;
using Pigment.Core.Imaging;

namespace Pigment.Tests.Classic;

public sealed class ClassicCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("pigment-classic-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void ProceduralWritesAPngWithItsSeedAndParameters()
    {
        var path = Path.Combine(folder, "noise.png");
        var (code, _, error) = Run("procedural", "simplex", "--size", "40", "--seed", "17", "--tileable", "--colormap", "magma", "--out", path);
        Assert.Equal(0, code);
        Assert.Equal("", error);
        var image = ImageIO.Load(path);
        Assert.Equal((40, 40, 3), (image.Width, image.Height, image.Channels));
        var text = PngText.ReadParameters(path);
        Assert.NotNull(text);
        var parameters = GenerationParameters.Parse(text!);
        Assert.Equal(17, parameters.Seed);
        Assert.Contains(parameters.Extra, kv => kv.Key == "Colormap" && kv.Value == "magma");
    }

    [Fact]
    public void QuiltWritesTheRequestedSize()
    {
        var sample = Path.Combine(folder, "sample.png");
        ImageIO.Save(TextureSamples.Checker(40, 8).ToPixels(), sample);
        var path = Path.Combine(folder, "quilt.png");
        var (code, _, error) = Run("texture", "quilt", sample, "--size", "70", "--block", "16", "--seed", "1", "--out", path);
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Equal(70, ImageIO.Load(path).Width);
    }

    [Theory]
    [InlineData(1, "texture", "quilt", "{folder}/missing.png", "--size", "64", "--out", "{folder}/out.png")]
    [InlineData(1, "texture", "quilt", "{sample}", "--size", "64", "--block", "48", "--out", "{folder}/out.png")]
    [InlineData(1, "texture", "synthesize", "{sample}", "--window", "41", "--out", "{folder}/out.png")]
    [InlineData(1, "texture", "transfer", "{sample}", "{sample}", "--block", "48", "--out", "{folder}/out.png")]
    [InlineData(1, "procedural", "perlin", "--colormap", "rainbow", "--out", "{folder}/out.png")]
    [InlineData(1, "procedural", "perlin", "--out", "{folder}/out.txt")]
    [InlineData(2, "procedural", "perlin", "--size", "-8", "--out", "{folder}/out.png")]
    [InlineData(2, "texture", "quilt", "{sample}", "--size", "-8", "--out", "{folder}/out.png")]
    [InlineData(2, "procedural", "marble", "--out", "{folder}/out.png")]
    public void BadInputIsOneLineAndNoFile(int expectedCode, params string[] args)
    {
        var sample = Path.Combine(folder, "sample.png");
        ImageIO.Save(TextureSamples.Checker(40, 8).ToPixels(), sample);
        var (code, _, error) = Run([.. args.Select(a => a.Replace("{folder}", folder).Replace("{sample}", sample))]);
        Assert.Equal(expectedCode, code);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("pigment: ", lines[0]);
        Assert.DoesNotContain("   at ", error);
        Assert.False(File.Exists(Path.Combine(folder, "out.png")));
        Assert.False(File.Exists(Path.Combine(folder, "out.txt")));
    }

    private static (int Code, string Out, string Error) Run(params string[] args)
    {
        var root = new RootCommand { ProceduralCommand.Create(), TextureCommand.Create() };
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Pigment.Cli.Cli.Run(root, args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
