using System.CommandLine;
using Pigment.Cli.Commands;

namespace Pigment.Cli;

/// <summary>The command tree of <c>pigment</c>; Program.cs runs it, and the tests run it in-process.</summary>
public static class PigmentCommands
{
    public static RootCommand Root() => new("Pigment: image generation in C# — classic methods, deep generative models, text-to-image.")
    {
        InfoCommand.Create(),
        DatasetCommand.Create(),
        ImageCommands.CreateGray(),
        ImageCommands.CreateFilter(),
        PngInfoCommand.Create(),
        ProceduralCommand.Create(),
        TextureCommand.Create(),
        TrainCommand.Create(),
        GenerateCommand.Create(),
        ServeCommand.Create(),
        TextToImageCommands.CreateAssemble(),
        TextToImageCommands.CreateAutoencode(),
        SampleCommand.Create(),
        StyleMixCommand.Create(),
        LatentCommands.CreateReconstruct(),
        LatentCommands.CreateInterpolate(),
        LatentCommands.CreateFitPrior(),
        EvalCommand.Create(),
        NllCommand.Create(),
        CompareCommand.Create(),
        BenchCommand.Create(),
        ExportCommand.Create(),
        QuantizeCommand.Create(),
    };
}
