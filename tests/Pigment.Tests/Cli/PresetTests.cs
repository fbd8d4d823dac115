using Pigment.Cli;
using Pigment.Pipelines;

namespace Pigment.Tests.Cli;

/// <summary>`train --preset NAME`: the shipped models' recipes, with options given after the name replacing the preset's.</summary>
[Collection("console")]
public class PresetTests
{
    [Fact]
    public void OptionsAfterThePresetReplaceItsOwn()
    {
        var gan = TrainingPresets.Find("gan-mnist");
        var expanded = TrainingPresets.Expand(gan, ["--steps", "2", "--out", "runs/try", "--width", "16"]);
        Assert.Equal(["gan", "--dataset", "mnist", "--conditional", "--spectral-norm", "--steps", "2", "--out", "runs/try", "--width", "16"], expanded);
        Assert.Equal(["train", "vae", "--dataset", "mnist", "--steps", "6000", "--out", "elsewhere"], Pigment.Cli.Commands.TrainCommand.ExpandPreset(["train", "--preset", "vae-mnist", "--out", "elsewhere"]));
        Assert.Contains("Unknown preset 'sd'", Assert.Throws<Pigment.Core.PigmentException>(() => TrainingPresets.Find("sd")).Message);
    }

    [Fact]
    public void APresetTrainsFromTheCommandLine()
    {
        using var temp = new TempFolder();
        var error = new StringWriter();
        int code = Pigment.Cli.Cli.Run(PigmentCommands.Root(), ["train", "--preset", "vae-mnist", "--steps", "2", "--batch", "8", "--out", temp.File("run")], new StringWriter(), error);
        Assert.True(code == 0, error.ToString());
        Assert.True(File.Exists(temp.File("run/model.safetensors")));
        Assert.Contains("\"min_learning_rate_fraction\": 0.05", File.ReadAllText(temp.File("run/trainer.json")));
        var unknown = new StringWriter();
        Assert.Equal(2, Pigment.Cli.Cli.Run(PigmentCommands.Root(), ["train", "--preset", "nope"], new StringWriter(), unknown));
        Assert.Contains("Unknown preset 'nope'", unknown.ToString());
    }
}
