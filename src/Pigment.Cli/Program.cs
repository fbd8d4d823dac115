using System.CommandLine;
using Pigment.Cli;
using Pigment.Cli.Commands;

var root = new RootCommand("Pigment: image generation in C# — classic methods, deep generative models, text-to-image.")
{
    InfoCommand.Create(),
    DatasetCommand.Create(),
    ImageCommands.CreateGray(),
    ImageCommands.CreateFilter(),
    PngInfoCommand.Create(),
    ProceduralCommand.Create(),
    TextureCommand.Create(),
    BenchCommand.Create(),
};
return Cli.Run(root, args);
