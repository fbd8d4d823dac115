using Pigment.Cli;
using Pigment.Core.Imaging;

namespace Pigment.Tests.Cli;

[Collection("console")]
public class CliTests
{
    private static (int Code, string Error) Run(params string[] args)
    {
        var error = new StringWriter();
        var code = Pigment.Cli.Cli.Run(PigmentCommands.Root(), args, new StringWriter(), error);
        return (code, error.ToString());
    }

    private static void OneLine(string error) => Assert.Single(error.TrimEnd('\n').Split('\n'));

    [Fact]
    public void UnknownCommandIsOneLineAndUsageExit()
    {
        var (code, error) = Run("paint");
        Assert.Equal(2, code);
        OneLine(error);
        Assert.Contains("paint", error);
    }

    [Fact]
    public void MissingInputIsOneLineAndWritesNothing()
    {
        using var temp = new TempFolder();
        var (code, error) = Run("gray", temp.File("missing.png"), temp.File("out.png"));
        Assert.Equal(1, code);
        OneLine(error);
        Assert.Contains("No such file", error);
        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void OutOfRangeNumbersAreRejected()
    {
        using var temp = new TempFolder();
        var (code, error) = Run("dataset", "preview", "mnist", "--count", "0", "--out", temp.File("x.png"));
        Assert.Equal(2, code);
        OneLine(error);
        Assert.Contains("--count must be from 1 to 1024", error);
        var unknown = Run("dataset", "preview", "cifar", "--out", temp.File("x.png"));
        Assert.Equal(1, unknown.Code);
        Assert.Contains("Unknown dataset 'cifar'", unknown.Error);
        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void ABadListOfLevelsIsOneLineAndWritesNothing()
    {
        using var temp = new TempFolder();
        var (code, error) = Run("train", "ldm", "--dataset", "shapes:sd", "--autoencoder", temp.Path, "--text-encoder", temp.Path,
            "--multipliers", "1,two", "--out", temp.File("run"));
        Assert.Equal(1, code);
        OneLine(error);
        Assert.Contains("--multipliers takes positive whole numbers", error);
        Assert.False(Directory.Exists(temp.File("run")));
    }

    [Fact]
    public void GrayFilterAndPngInfoWork()
    {
        using var temp = new TempFolder();
        ImageIO.Save(Core.PixelImageTests.Gradient(24, 16), temp.File("in.png"));
        Assert.Equal(0, Run("gray", temp.File("in.png"), temp.File("gray.png")).Code);
        Assert.Equal(1, ImageIO.Load(temp.File("gray.png")).Channels);

        Assert.Equal(0, Run("filter", "gaussian", temp.File("in.png"), temp.File("blur.png"), "--sigma", "1.5").Code);
        Assert.Equal(0, Run("filter", "kernel", temp.File("in.png"), temp.File("k.png"), "--kernel", "0,-1,0;-1,5,-1;0,-1,0").Code);
        var bad = Run("filter", "kernel", temp.File("in.png"), temp.File("bad.png"), "--kernel", "1,2;3");
        Assert.Equal(1, bad.Code);
        OneLine(bad.Error);
        Assert.False(File.Exists(temp.File("bad.png")));

        Assert.Equal(0, Run("dataset", "preview", "shapes", "--count", "4", "--seed", "7", "--out", temp.File("grid.png")).Code);
        var parameters = GenerationParameters.Parse(PngText.ReadParameters(temp.File("grid.png"))!);
        Assert.Equal(7, parameters.Seed);
        Assert.Equal(0, Run("pnginfo", temp.File("grid.png")).Code);
        var none = Run("pnginfo", temp.File("gray.png"));
        Assert.Equal(1, none.Code);
        Assert.Contains("no 'parameters'", none.Error);
    }

    [Fact]
    public void SampleWritesImagesWithParametersAndExplainsBadInput()
    {
        using var temp = new TempFolder();
        var run = Path.Combine(temp.Path, "run");
        Diffusion.TrainingTests.TrainTinyModel(run);
        var outDir = Path.Combine(temp.Path, "out");
        var (code, error) = Run("sample", run, "--count", "3", "--steps", "2", "--sampler", "euler-a", "--seed", "10", "--out", outDir, "--grid", temp.File("grid.png"));
        Assert.True(code == 0, error);
        var files = Directory.GetFiles(outDir).Order().ToArray();
        Assert.Equal(3, files.Length);
        Assert.EndsWith("00001-11.png", files[1]);
        var p = GenerationParameters.Parse(PngText.ReadParameters(files[1])!);
        Assert.Equal(11, p.Seed);
        Assert.Equal("Euler a", p.Sampler);
        Assert.Equal("class right", p.Prompt);
        Assert.True(File.Exists(temp.File("grid.png")));

        Assert.Contains("Unknown model", Run("sample", "no-such-model", "--out", outDir).Error);
        Assert.Contains("Unknown sampler", Run("sample", run, "--sampler", "plms", "--out", outDir).Error);
        Assert.Contains("Unknown class 'middle'", Run("sample", run, "--class", "middle", "--out", outDir).Error);
        var tooMany = Run("sample", run, "--steps", "51", "--out", outDir);
        Assert.Equal(1, tooMany.Code);
        Assert.Contains("training steps", tooMany.Error);
        Assert.Equal(3, Directory.GetFiles(outDir).Length);
    }

    [Fact]
    public void StepSweepWritesATableAndRejectsBadListsBeforeWork()
    {
        using var temp = new TempFolder();
        var report = temp.File("steps.md");
        var bad = Run("bench", "ddpm-steps", "ddpm-mnist", "--steps", "10,x", "--out", report);
        Assert.Equal(1, bad.Code);
        OneLine(bad.Error);
        Assert.Contains("--steps takes positive whole numbers", bad.Error);
        Assert.Contains("Unknown sampler 'plms'", Run("bench", "ddpm-steps", "ddpm-mnist", "--samplers", "ddim,plms", "--out", report).Error);
        Assert.Contains("training steps", Run("bench", "ddpm-steps", "ddpm-mnist", "--steps", "2,1001", "--out", report).Error);
        Assert.False(File.Exists(report));

        var (code, error) = Run("bench", "ddpm-steps", "ddpm-mnist", "--samplers", "ddim,dpm++2m-sde", "--steps", "2,3", "--samples", "10", "--out", report);
        Assert.True(code == 0, error);
        var lines = File.ReadAllLines(report);
        Assert.Contains("| sampler | 2 steps | 3 steps |", lines);
        var fids = lines.SkipWhile(l => !l.StartsWith("## Classifier-FID")).Where(l => l.StartsWith("| DDIM |") || l.StartsWith("| DPM++ 2M SDE |")).Take(2).ToArray();
        Assert.Equal(2, fids.Length);
        foreach (var row in fids)
            Assert.All(row.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1), cell => Assert.True(double.Parse(cell, System.Globalization.CultureInfo.InvariantCulture) > 0, row));
    }
}
