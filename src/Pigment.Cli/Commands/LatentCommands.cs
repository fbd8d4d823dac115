using System.CommandLine;
using Pigment.Core;
using Pigment.Core.Imaging;
using Pigment.Models.Vae;
using Pigment.Pipelines;
using TorchSharp;

namespace Pigment.Cli.Commands;

/// <summary><c>pigment reconstruct</c>, <c>pigment interpolate</c> and <c>pigment fit-prior</c>: a VAE's latent space at work.</summary>
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

    public static Command CreateFitPrior()
    {
        var model = new Argument<string>("model") { Description = "A VAE under models/ or a run folder." };
        var components = Cli.Ranged("--components", "Mixture components K.", 1, 1000, 10);
        var draws = Cli.Ranged("--draws", "Codes per training image drawn from q(z | x); 0 = the posterior means.", 0, 100, 4);
        var seed = new Option<long>("--seed") { Description = "Seed of the binarization, the code draws and the k-means++ seeding.", DefaultValueFactory = _ => 0 };
        var command = new Command("fit-prior",
            "Fit a Gaussian mixture to a VAE's codes of the training images and save it beside the weights (prior.safetensors); " +
            "sample, eval, compare and nll then draw from it instead of N(0, I) (--prior normal declines it).") { model, components, draws, seed };
        command.SetAction(parse =>
        {
            var location = ModelStore.Resolve(parse.GetValue(model)!);
            using var pipeline = VaePipeline.Load(location, fittedPrior: false);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var codes = pipeline.TrainingCodes(parse.GetValue(draws), parse.GetValue(seed));
            var (mixture, logLikelihood, iterations) = GaussianMixture.Fit(codes, parse.GetValue(components), parse.GetValue(seed));
            using (mixture)
            {
                var path = Path.Combine(location.Folder, VaePipeline.PriorFile);
                mixture.Save(path);
                using var standard = ImportanceSampledNll.StandardNormalLogDensity(codes);
                Cli.Line($"wrote {path}: {mixture.Components} full-covariance components ({mixture.ParameterCount:N0} parameters) fitted to {codes.shape[0]:N0} codes " +
                         $"in {iterations} EM iterations ({clock.Elapsed.TotalSeconds:0.0} s); mean log-density of the codes {logLikelihood:0.00} nats " +
                         $"(under N(0, I): {standard.mean().item<float>():0.00})");
            }
            return 0;
        });
        return command;
    }
}
