using System.CommandLine;
using Pigment.Core;
using Pigment.Core.Imaging;

namespace Pigment.Cli.Commands;

/// <summary><c>pigment pnginfo FILE</c>: prints the <c>parameters</c> text a PNG carries.</summary>
public static class PngInfoCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A PNG written by Pigment (or by AUTOMATIC1111's web UI)." };
        var command = new Command("pnginfo", "Print the generation parameters stored in a PNG.") { file };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var text = PngText.ReadParameters(path)
                       ?? throw new PigmentException($"'{path}' has no 'parameters' text.");
            Cli.Line(text);
            return 0;
        });
        return command;
    }
}
