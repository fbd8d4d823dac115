using Pigment.Cli;
using Pigment.Core.Imaging;

namespace Pigment.Tests.Cli;

[Collection("console")]
public class FlowCliTests
{
    private static (int Code, string Error) Run(params string[] args)
    {
        var error = new StringWriter();
        var code = Pigment.Cli.Cli.Run(PigmentCommands.Root(), args, new StringWriter(), error);
        return (code, error.ToString());
    }

    [Fact]
    public void SampleAndNllWorkOnTheShippedFlowAndExplainBadInput()
    {
        using var temp = new TempFolder();
        var folder = temp.File("samples");
        var sample = Run("sample", "flow-mnist", "--count", "3", "--seed", "5", "--temperature", "0.6", "--out", folder, "--grid", temp.File("grid.png"));
        Assert.Equal(0, sample.Code);
        Assert.Equal(3, Directory.GetFiles(folder, "*.png").Length);
        var parameters = GenerationParameters.Parse(PngText.ReadParameters(temp.File("grid.png"))!);
        Assert.Equal(5, parameters.Seed);
        Assert.Contains("temperature 0.6", parameters.Sampler);

        var badClass = Run("sample", "flow-mnist", "--class", "12", "--out", temp.File("bad"));
        Assert.Equal(1, badClass.Code);
        Assert.Single(badClass.Error.TrimEnd('\n').Split('\n'));
        Assert.False(Directory.Exists(temp.File("bad")));

        Assert.Equal(0, Run("nll", "flow-mnist", "--limit", "20").Code);
        var badDraws = Run("nll", "flow-mnist", "--draws", "0");
        Assert.Equal(2, badDraws.Code);
        Assert.Contains("--draws", badDraws.Error);
    }
}
