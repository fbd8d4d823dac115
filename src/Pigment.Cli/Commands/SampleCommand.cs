using System.CommandLine;
using System.Globalization;
using Pigment.Core;
using Pigment.Core.Imaging;
using Pigment.Models.Diffusion;
using Pigment.Models.Gan;
using Pigment.Models.Flow;
using Pigment.Models.PixelCnn;
using Pigment.Models.Vae;
using Pigment.Pipelines;
using Pigment.Samplers;

namespace Pigment.Cli.Commands;

/// <summary><c>pigment sample MODEL …</c>: images from a trained generative model, one PNG each (+ a grid).</summary>
public static class SampleCommand
{
    /// <summary>--prior, shared by sample, eval and nll.</summary>
    internal static Option<string> PriorOption() =>
        new("--prior") { Description = $"VAE: 'fitted' (default: the model folder's {VaePipeline.PriorFile} when present, see fit-prior) or 'normal' (N(0, I))." };

    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "A model under models/ (e.g. ddpm-mnist) or a run folder." };
        var count = Cli.Ranged("--count", "How many images.", 1, 100_000, 16);
        var sampler = new Option<string>("--sampler") { Description = $"Diffusion sampler: {string.Join(", ", SamplerCatalog.Names)}.", DefaultValueFactory = _ => "dpm++2m" };
        var steps = Cli.Ranged("--steps", "Sampling steps (network evaluations).", 1, 100_000, 20);
        var karras = new Option<bool>("--karras") { Description = "Karras et al. noise levels instead of uniform timesteps." };
        var eta = Cli.Ranged("--eta", "DDIM's eta (0 = deterministic).", 0.0, 1.0, 0.0);
        var guidance = Cli.Ranged("--guidance", "Classifier-free guidance scale (1 = none).", 0.0, 50.0, 3.0);
        var classOption = new Option<string>("--class") { Description = "The class to draw (default: cycle through all classes)." };
        var seed = new Option<long?>("--seed") { Description = "Seed; image i uses seed + i (random if omitted)." };
        var output = new Option<string>("--out") { Description = "Folder for the images.", Required = true };
        var grid = new Option<string>("--grid") { Description = "Also write all images as one grid PNG." };
        var noClip = new Option<bool>("--no-clip") { Description = "Do not clamp the estimates of x_0 to [-1, 1] while sampling." };
        var temperature = Cli.Ranged<double>("--temperature", $"Temperature T: a VAE's or flow's latent z ~ N(μ, T²σ²) (default: 1 for a VAE, {FlowPipeline.DefaultTemperature} for a flow); a PixelCNN's logits divided by T (default 1 = exact samples).", 0.0, 10.0);
        var prior = PriorOption();
        var device = new Option<string>("--device") { Description = "cpu, cuda or auto.", DefaultValueFactory = _ => "auto" };

        var command = new Command("sample", "Generate images with a trained model (diffusion, VAE, GAN, PixelCNN, flow).")
        {
            model, count, sampler, steps, karras, eta, guidance, classOption, seed, output, grid, device, noClip, temperature, prior,
        };
        command.SetAction(parse =>
        {
            var location = ModelStore.Resolve(parse.GetValue(model)!);
            int n = parse.GetValue(count);
            long usedSeed = Seeds.Resolve(parse.GetValue(seed));
            var folder = parse.GetValue(output)!;
            var gridPath = parse.GetValue(grid);
            bool fittedPrior = VaePipeline.UsesFittedPrior(parse.GetValue(prior), location);      // refuses --prior for other families
            switch (location.Family)
            {
                case DiffusionObjective.FamilyName:
                {
                    var chosen = SamplerCatalog.Create(parse.GetValue(sampler)!);
                    var options = new SamplerOptions { Steps = parse.GetValue(steps), Karras = parse.GetValue(karras), ClipDenoised = !parse.GetValue(noClip), Eta = parse.GetValue(eta) };
                    using var pipeline = DiffusionPipeline.Load(location, Devices.Parse(parse.GetValue(device)));
                    options.Validate(pipeline.Schedule.TrainingSteps);
                    int classes = pipeline.Config.Unet.NumClasses;
                    var labels = Labels(parse.GetValue(classOption), pipeline.ParseClass, n, classes);
                    double g = parse.GetValue(guidance);
                    using var images = Progress(n, options.Steps, "sampling", tick => pipeline.Generate(n, chosen, options, g, labels, usedSeed, tick));
                    var settings = new GenerationParameters
                    {
                        Steps = options.Steps, Sampler = SamplerCatalog.DisplayName(chosen, options), CfgScale = labels is null ? null : g,
                        Seed = usedSeed, Width = pipeline.Config.Unet.ImageSize, Height = pipeline.Config.Unet.ImageSize, Model = location.Name,
                    };
                    Write(ImageTensor.ToImages(images, PixelRange.MinusOneToOne), folder, gridPath, usedSeed,
                        i => settings with { Prompt = labels is null ? "" : $"class {pipeline.Config.ClassNames[labels[i]]}", Seed = usedSeed + i },
                        columns: classes > 0 && parse.GetValue(classOption) is null ? classes : null);
                    Cli.Line($"wrote {n} images to {folder}{(gridPath is null ? "" : $" and the grid {gridPath}")} (seed {usedSeed}, {settings.Sampler}, {options.Steps} steps{(labels is null ? "" : $", guidance {g.ToString(CultureInfo.InvariantCulture)}")})");
                    break;
                }
                case VaeObjective.FamilyName:
                {
                    if (parse.GetValue(classOption) is not null)
                        throw new PigmentException($"Model '{location.Name}' is an unconditional VAE: it takes no --class.");
                    using var pipeline = VaePipeline.Load(location, fittedPrior);
                    double t = parse.GetResult(temperature) is null ? 1.0 : parse.GetValue(temperature);
                    using var images = pipeline.Sample(n, usedSeed, t);
                    var settings = new GenerationParameters
                    {
                        Sampler = $"VAE decoder mean, prior {pipeline.PriorDescription}" + (t == 1 ? "" : string.Create(CultureInfo.InvariantCulture, $", temperature {t:0.##}")), Seed = usedSeed, Width = pipeline.Vae.Config.ImageSize, Height = pipeline.Vae.Config.ImageSize, Model = location.Name,
                    };
                    Write(ImageTensor.ToImages(images), folder, gridPath, usedSeed, _ => settings, columns: null);
                    Cli.Line($"wrote {n} images to {folder}{(gridPath is null ? "" : $" and the grid {gridPath}")} (seed {usedSeed}, z ~ {pipeline.PriorDescription}{(t == 1 ? "" : string.Create(CultureInfo.InvariantCulture, $" at temperature {t:0.##}"))} through the decoder)");
                    break;
                }
                case GanObjective.FamilyName:
                {
                    using var pipeline = GanPipeline.Load(location);
                    int classes = pipeline.Config.NumClasses;
                    var labels = Labels(parse.GetValue(classOption), pipeline.ParseClass, n, classes);
                    using var images = pipeline.Generate(n, labels, usedSeed);
                    var settings = new GenerationParameters
                    {
                        Sampler = "GAN generator", Seed = usedSeed, Width = pipeline.Config.ImageSize, Height = pipeline.Config.ImageSize, Model = location.Name,
                    };
                    Write(ImageTensor.ToImages(images, PixelRange.MinusOneToOne), folder, gridPath, usedSeed,
                        i => settings with { Prompt = labels is null ? "" : $"class {pipeline.Config.ClassNames[labels[i]]}", Seed = usedSeed + i },
                        columns: classes > 0 && parse.GetValue(classOption) is null ? classes : null);
                    Cli.Line($"wrote {n} images to {folder}{(gridPath is null ? "" : $" and the grid {gridPath}")} (seed {usedSeed}, one generator pass per image)");
                    break;
                }
                case FlowObjective.FamilyName:
                {
                    using var pipeline = FlowPipeline.Load(location);
                    double t = parse.GetResult(temperature) is null ? FlowPipeline.DefaultTemperature : parse.GetValue(temperature);
                    int[]? labels = parse.GetValue(classOption) is { } classText
                        ? Enumerable.Repeat(pipeline.ParseClass(classText), n).ToArray()
                        : pipeline.DefaultLabels(n);
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    using var images = WorkProgress.Run("sampling", progress => pipeline.Sample(n, usedSeed, t, labels, done => progress?.Report(done / (double)n)));
                    double seconds = clock.Elapsed.TotalSeconds;
                    var settings = new GenerationParameters
                    {
                        Sampler = $"flow inverse, temperature {t.ToString(CultureInfo.InvariantCulture)}", Seed = usedSeed,
                        Width = pipeline.Config.ImageSize, Height = pipeline.Config.ImageSize, Model = location.Name,
                    };
                    Write(ImageTensor.ToImages(images), folder, gridPath, usedSeed,
                        i => settings with { Prompt = labels is null ? "" : $"class {labels[i]}" },
                        columns: labels is not null && parse.GetValue(classOption) is null ? pipeline.Config.NumClasses : null);
                    Cli.Line($"wrote {n} images to {folder}{(gridPath is null ? "" : $" and the grid {gridPath}")} (seed {usedSeed}, temperature {t.ToString(CultureInfo.InvariantCulture)}, {seconds:0.00} s)");
                    break;
                }
                case PixelCnnObjective.FamilyName:
                {
                    using var pipeline = PixelCnnPipeline.Load(location, Devices.Parse(parse.GetValue(device)));
                    int classes = pipeline.Config.NumClasses;
                    var labels = Labels(parse.GetValue(classOption), pipeline.ParseClass, n, classes);
                    int size = pipeline.Config.ImageSize, passes = size * size;
                    double t = parse.GetResult(temperature) is null ? 1.0 : parse.GetValue(temperature);
                    using var images = Progress(n, passes, "sampling", tick => pipeline.Generate(n, labels, usedSeed, tick, t));
                    var settings = new GenerationParameters
                    {
                        Steps = passes, Sampler = "PixelCNN raster order", Seed = usedSeed, Width = size, Height = size, Model = location.Name,
                        Extra = t == 1.0 ? [] : [new("Temperature", t.ToString(CultureInfo.InvariantCulture))],
                    };
                    Write(ImageTensor.ToImages(images), folder, gridPath, usedSeed,
                        i => settings with { Prompt = labels is null ? "" : $"class {pipeline.Config.ClassNames[labels[i]]}", Seed = usedSeed + i },
                        columns: classes > 0 && parse.GetValue(classOption) is null ? classes : null);
                    Cli.Line($"wrote {n} images to {folder}{(gridPath is null ? "" : $" and the grid {gridPath}")} (seed {usedSeed}, pixel by pixel in raster order, {passes} network passes per batch of up to 100{(t == 1.0 ? "" : $", temperature {t.ToString(CultureInfo.InvariantCulture)}")})");
                    break;
                }
                default:
                    throw new PigmentException($"Model '{location.Name}' is a '{location.Family}' model, which 'sample' does not draw from.");
            }
            return 0;
        });
        return command;
    }

    /// <summary>The labels to draw: all <paramref name="classText"/> when given, else cycling through the classes (null when unconditional).</summary>
    private static int[]? Labels(string? classText, Func<string, int> parseClass, int count, int classes) =>
        classText is not null ? Enumerable.Repeat(parseClass(classText), count).ToArray() : ClassLabels.Cycle(count, classes);

    /// <summary>Writes image i as DIR/iiiii-SEED.png with its parameters, and optionally all as one grid.</summary>
    private static void Write(PixelImage[] images, string folder, string? gridPath, long seed, Func<int, GenerationParameters> parameters, int? columns)
    {
        Directory.CreateDirectory(folder);
        for (int i = 0; i < images.Length; i++)
            ImageIO.Save(images[i], Path.Combine(folder, $"{i:D5}-{seed + i}.png"), parameters(i).Format());
        if (gridPath is not null)
            ImageIO.Save(ImageGrid.Make(images, columns), gridPath, (parameters(0) with { Prompt = $"grid of {images.Length}", Seed = seed }).Format());
    }

    /// <summary>Runs <paramref name="work"/> under a progress bar over its network evaluations (count / 100 chunks × steps).</summary>
    public static T Progress<T>(int count, int steps, string label, Func<Action<int>, T> work)
    {
        double total = Math.Ceiling(count / 100.0) * steps;
        return WorkProgress.Run(label, progress => work(done => progress?.Report(done / total)));
    }
}
