using System.CommandLine;
using Pigment.Core;
using Pigment.Core.Imaging;
using Pigment.Pipelines;
using TorchSharp;

namespace Pigment.Cli.Commands;

/// <summary><c>pigment reconstruct</c> and <c>pigment interpolate</c>: a VAE's latent space at work.</summary>
public static class LatentCommands
{
    public static Command CreateReconstruct()
    {
        var model = new Argument<string>("model") { Description = "A VAE under models/ or a run folder." };
        var input = new Argument<string>("in") { Description = "The image to encode." };
        var output = new Argument<string>("out") { Description = "The reconstruction to write (.png)." };
        var command = new Command("reconstruct", "Encode an image with a VAE and decode its posterior mean.") { model, input, output };
        command.SetAction(parse =>
        {
            using var pipeline = VaePipeline.Load(ModelStore.Resolve(parse.GetValue(model)!));
            using var image = pipeline.LoadImage(parse.GetValue(input)!);
            using var z = pipeline.Encode(image.unsqueeze(0));
            using var decoded = pipeline.Decode(z);
            // Side by side: the input as the model sees it, then its reconstruction.
            using var pair = torch.cat([image.unsqueeze(0), decoded]);
            ImageIO.Save(ImageTensor.ToImage(ImageGrid.Make(pair, columns: 2)), parse.GetValue(output)!);
            Cli.Line($"wrote {parse.GetValue(output)} (input | reconstruction)");
            return 0;
        });
        return command;
    }

    public static Command CreateInterpolate()
    {
        var model = new Argument<string>("model") { Description = "A VAE under models/ or a run folder." };
        var from = new Option<string>("--from") { Description = "The first image.", Required = true };
        var to = new Option<string>("--to") { Description = "The last image.", Required = true };
        var frames = Cli.Ranged("--frames", "Images in the strip.", 2, 256, 10);
        var output = new Option<string>("--out") { Description = "The strip to write (.png).", Required = true };
        var command = new Command("interpolate", "Decode a straight line through a VAE's latent space between two images.") { model, from, to, frames, output };
        command.SetAction(parse =>
        {
            using var pipeline = VaePipeline.Load(ModelStore.Resolve(parse.GetValue(model)!));
            using var a = pipeline.LoadImage(parse.GetValue(from)!);
            using var b = pipeline.LoadImage(parse.GetValue(to)!);
            using var strip = pipeline.Interpolate(a, b, parse.GetValue(frames));
            ImageIO.Save(ImageTensor.ToImage(ImageGrid.Make(strip, columns: parse.GetValue(frames))), parse.GetValue(output)!);
            Cli.Line($"wrote {parse.GetValue(output)} ({parse.GetValue(frames)} frames)");
            return 0;
        });
        return command;
    }
}
