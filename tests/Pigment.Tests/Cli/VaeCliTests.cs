using Pigment.Cli;
using Pigment.Core;
using Pigment.Core.Imaging;
using Pigment.Models.Vae;
using Pigment.Pipelines;

namespace Pigment.Tests.Cli;

[Collection("console")]
public class VaeCliTests
{
    private static (int Code, string Error) Run(params string[] args)
    {
        var error = new StringWriter();
        var code = Pigment.Cli.Cli.Run(PigmentCommands.Root(), args, new StringWriter(), error);
        return (code, error.ToString());
    }

    [Fact]
    public void FitPriorWritesAMixtureThatSamplingUsesUnlessDeclined()
    {
        using var temp = new TempFolder();
        var model = temp.File("vae");
        Directory.CreateDirectory(model);
        foreach (var file in new[] { "config.json", "model.safetensors" })
            File.Copy(Path.Combine(PigmentPaths.ModelsFolder, "vae-mnist", file), Path.Combine(model, file));

        Assert.Equal(0, Run("fit-prior", model, "--components", "3", "--draws", "0").Code);
        using (var prior = GaussianMixture.Load(Path.Combine(model, VaePipeline.PriorFile)))
            Assert.Equal(3, prior.Components);

        Assert.Equal(0, Run("sample", model, "--count", "2", "--seed", "1", "--out", temp.File("fitted"), "--grid", temp.File("fitted.png")).Code);
        Assert.Contains("3-component Gaussian mixture", GenerationParameters.Parse(PngText.ReadParameters(temp.File("fitted.png"))!).Sampler);
        Assert.Equal(0, Run("sample", model, "--prior", "normal", "--count", "2", "--seed", "1", "--out", temp.File("normal"), "--grid", temp.File("normal.png")).Code);
        Assert.Contains("N(0, I)", GenerationParameters.Parse(PngText.ReadParameters(temp.File("normal.png"))!).Sampler);

        Assert.Equal(0, Run("nll", model, "--limit", "4", "--samples", "20").Code);

        var badPrior = Run("sample", model, "--prior", "vamp", "--out", temp.File("bad"));
        Assert.Equal(1, badPrior.Code);
        Assert.Single(badPrior.Error.TrimEnd('\n').Split('\n'));
        Assert.False(Directory.Exists(temp.File("bad")));
        Assert.Equal(1, Run("eval", "gan-mnist", "--prior", "normal", "--samples", "10").Code);
        Assert.Equal(2, Run("fit-prior", model, "--components", "0").Code);
    }
}
