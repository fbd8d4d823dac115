using System.CommandLine;
using System.Globalization;
using Pigment.Core.Checkpoints;
using Pigment.Pipelines;

namespace Pigment.Cli.Commands;

/// <summary><c>pigment quantize MODEL --weights FORMAT --out FOLDER</c>: a copy of a model with compressed weights.</summary>
public static class QuantizeCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "A model under models/ (ddpm-mnist, sd-shapes …) or a model folder." };
        var weights = new Option<string>("--weights") { Description = "The storage format: int8 (per-channel, weight-only), bf16 or fp16.", Required = true };
        var output = new Option<string>("--out") { Description = "The new model folder to write (it must not exist or be empty).", Required = true };
        var command = new Command("quantize", "Copy a model with its weights stored as int8, bf16 or fp16 (loaded back as float32).") { model, weights, output };
        command.SetAction(parse =>
        {
            var format = WeightCompression.Parse(parse.GetValue(weights)!);
            var location = ModelStore.Resolve(parse.GetValue(model)!);
            var result = ModelCompression.Write(location, format, parse.GetValue(output)!);
            Cli.Line(string.Create(CultureInfo.InvariantCulture,
                $"wrote {result.Folder}: weights {result.BytesBefore / 1e6:0.00} MB → {result.BytesAfter / 1e6:0.00} MB ({100.0 * result.BytesAfter / result.BytesBefore:0}%), largest weight change {result.MaxWeightChange:0.0e0}"));
            return 0;
        });
        return command;
    }
}
