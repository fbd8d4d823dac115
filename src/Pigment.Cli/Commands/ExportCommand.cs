using System.CommandLine;
using Pigment.Core;
using Pigment.Pipelines;
using Pigment.Pipelines.Generation;

namespace Pigment.Cli.Commands;

/// <summary><c>pigment export MODEL --out FILE</c>: a model's denoising network as an ONNX file (opset 17).</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "A diffusion or text-to-image model under models/ (ddpm-mnist, sd-shapes) or a model folder." };
        var format = new Option<string>("--format") { Description = "The file format: onnx.", DefaultValueFactory = _ => "onnx" };
        var output = new Option<string>("--out") { Description = "The file to write, e.g. unet.onnx.", Required = true };
        var command = new Command("export", "Write a model's network as an ONNX graph (opset 17) that ONNX Runtime and other ONNX tools run.") { model, format, output };
        command.SetAction(parse =>
        {
            if (parse.GetValue(format) != "onnx")
                throw new PigmentException($"Unknown export format '{parse.GetValue(format)}': use onnx.");
            var path = parse.GetValue(output)!;
            var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
            if (!Directory.Exists(folder))
                throw new PigmentException($"The folder '{folder}' does not exist.");
            var location = ModelStore.Resolve(parse.GetValue(model)!);
            using var generator = Generators.Open(location);
            var exportable = generator as IOnnxExportable
                             ?? throw new PigmentException($"'{location.Name}' (a {location.Family} model) cannot be exported yet: export takes diffusion and text-to-image models.");
            exportable.ToOnnx().Save(path);
            Cli.Line($"wrote {path} ({new FileInfo(path).Length / 1e6:0.0} MB, ONNX opset 17): {exportable.OnnxDescription}");
            return 0;
        });
        return command;
    }
}
