using Pigment.Cli;
using Pigment.Core.Checkpoints;
using Pigment.Core.Imaging;
using Pigment.Models.PixelCnn;
using TorchSharp;

namespace Pigment.Tests.Cli;

[Collection("console")]
public class PixelCnnCliTests
{
    private static (int Code, string Error) Run(params string[] args)
    {
        var error = new StringWriter();
        var code = Pigment.Cli.Cli.Run(PigmentCommands.Root(), args, new StringWriter(), error);
        return (code, error.ToString());
    }

    [Fact]
    public void SampleAndNllWorkOnAPixelCnnFolder()
    {
        using var temp = new TempFolder();
        var config = new PixelCnnConfig
        {
            Channels = 4, Layers = 1, FirstKernel = 3, HeadChannels = 4, NumClasses = 10,
            ClassNames = Enumerable.Range(0, 10).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        };
        torch.manual_seed(1);
        using (var network = new GatedPixelCnn(config))
            StateDict.Save(network, temp.File("model.safetensors"));
        ConfigJson.Save(temp.File("config.json"), config);

        var outDir = Path.Combine(temp.Path, "out");
        var (code, error) = Run("sample", temp.Path, "--count", "2", "--class", "7", "--seed", "20", "--out", outDir);
        Assert.True(code == 0, error);
        var files = Directory.GetFiles(outDir).Order().ToArray();
        Assert.Equal(2, files.Length);
        Assert.EndsWith("00001-21.png", files[1]);
        var p = GenerationParameters.Parse(PngText.ReadParameters(files[1])!);
        Assert.Equal(21, p.Seed);
        Assert.Equal("class 7", p.Prompt);

        var nll = Run("nll", temp.Path, "--limit", "3");
        Assert.True(nll.Code == 0, nll.Error);

        Assert.Contains("Unknown class '12'", Run("sample", temp.Path, "--class", "12", "--out", outDir).Error);
        Assert.Equal(2, Directory.GetFiles(outDir).Length);
    }
}
