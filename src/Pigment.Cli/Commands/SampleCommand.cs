using System.CommandLine;
using System.Globalization;
using Pigment.Core;
using Pigment.Core.Imaging;
using Pigment.Pipelines;
using Pigment.Samplers;

namespace Pigment.Cli.Commands;

/// <summary><c>pigment sample MODEL …</c>: images from a trained diffusion model, one PNG each (+ a grid).</summary>
public static class SampleCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "A model under models/ (e.g. ddpm-mnist) or a run folder." };
        var count = Cli.Ranged("--count", "How many images.", 1, 100_000, 16);
        var sampler = new Option<string>("--sampler") { Description = $"Sampler: {string.Join(", ", SamplerCatalog.Names)}.", DefaultValueFactory = _ => "dpm++2m" };
        var steps = Cli.Ranged("--steps", "Sampling steps (network evaluations).", 1, 100_000, 20);
        var karras = new Option<bool>("--karras") { Description = "Karras et al. noise levels instead of uniform timesteps." };
        var eta = Cli.Ranged("--eta", "DDIM's eta (0 = deterministic).", 0.0, 1.0, 0.0);
        var guidance = Cli.Ranged("--guidance", "Classifier-free guidance scale (1 = none).", 0.0, 50.0, 3.0);
        var classOption = new Option<string>("--class") { Description = "The class to draw (default: cycle through all classes)." };
        var seed = new Option<long?>("--seed") { Description = "Seed; image i uses seed + i (random if omitted)." };
        var output = new Option<string>("--out") { Description = "Folder for the images.", Required = true };
        var grid = new Option<string>("--grid") { Description = "Also write all images as one grid PNG." };
        var device = new Option<string>("--device") { Description = "cpu, cuda or auto.", DefaultValueFactory = _ => "auto" };

        var command = new Command("sample", "Generate images with a trained diffusion model.")
        {
            model, count, sampler, steps, karras, eta, guidance, classOption, seed, output, grid, device,
        };
        command.SetAction(parse =>
        {
            var location = ModelStore.Resolve(parse.GetValue(model)!);
            var chosen = SamplerCatalog.Create(parse.GetValue(sampler)!);
            var options = new SamplerOptions { Steps = parse.GetValue(steps), Karras = parse.GetValue(karras), Eta = parse.GetValue(eta) };
            using var pipeline = DiffusionPipeline.Load(location, Devices.Parse(parse.GetValue(device)));
            options.Validate(pipeline.Schedule.TrainingSteps);
            int n = parse.GetValue(count);
            int classes = pipeline.Config.Unet.NumClasses;
            int[]? labels = null;
            if (parse.GetValue(classOption) is { } classText)
                labels = Enumerable.Repeat(pipeline.ParseClass(classText), n).ToArray();
            else if (classes > 0)
                labels = Enumerable.Range(0, n).Select(i => i % classes).ToArray();
            long usedSeed = Seeds.Resolve(parse.GetValue(seed));
            double g = parse.GetValue(guidance);

            var images = Progress(n, options.Steps, "sampling", tick =>
                pipeline.Generate(n, chosen, options, g, labels, usedSeed, tick));
            using (images)
            {
                var folder = parse.GetValue(output)!;
                Directory.CreateDirectory(folder);
                var pixels = ImageTensor.ToImages(images, PixelRange.MinusOneToOne);
                for (int i = 0; i < n; i++)
                {
                    var parameters = new GenerationParameters
                    {
                        Prompt = labels is null ? "" : $"class {pipeline.Config.ClassNames[labels[i]]}",
                        Steps = options.Steps,
                        Sampler = SamplerCatalog.DisplayName(chosen, options),
                        CfgScale = labels is null ? null : g,
                        Seed = usedSeed + i,
                        Width = pixels[i].Width,
                        Height = pixels[i].Height,
                        Model = location.Name,
                    };
                    ImageIO.Save(pixels[i], Path.Combine(folder, $"{i:D5}-{usedSeed + i}.png"), parameters.Format());
                }
                if (parse.GetValue(grid) is { } gridPath)
                {
                    var parameters = new GenerationParameters
                    {
                        Prompt = labels is null ? "" : "classes " + string.Join(" ", labels.Take(Math.Min(n, 16)).Select(l => pipeline.Config.ClassNames[l])),
                        Steps = options.Steps, Sampler = SamplerCatalog.DisplayName(chosen, options), CfgScale = labels is null ? null : g,
                        Seed = usedSeed, Width = pixels[0].Width, Height = pixels[0].Height, Model = location.Name,
                    };
                    ImageIO.Save(ImageGrid.Make(pixels, columns: classes > 0 && labels is not null && parse.GetValue(classOption) is null ? classes : null), gridPath, parameters.Format());
                }
                Cli.Line($"wrote {n} images to {folder}{(parse.GetValue(grid) is { } gp ? $" and the grid {gp}" : "")} (seed {usedSeed}, {SamplerCatalog.DisplayName(chosen, options)}, {options.Steps} steps{(labels is null ? "" : $", guidance {g.ToString(CultureInfo.InvariantCulture)}")})");
            }
            return 0;
        });
        return command;
    }

    /// <summary>Runs <paramref name="work"/> under a progress bar over its network evaluations (count / 100 chunks × steps).</summary>
    public static T Progress<T>(int count, int steps, string label, Func<Action<int>, T> work)
    {
        double total = Math.Ceiling(count / 100.0) * steps;
        return WorkProgress.Run(label, progress => work(done => progress?.Report(done / total)));
    }
}
