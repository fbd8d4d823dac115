using System.CommandLine;
using System.Globalization;
using Pigment.Core;
using Pigment.Core.Imaging;
using Pigment.Pipelines;
using Pigment.Pipelines.Generation;
using Pigment.Samplers;
using static TorchSharp.torch;

namespace Pigment.Cli.Commands;

/// <summary>
/// <c>pigment sample MODEL …</c>: images from any trained generative model, one PNG each (+ a grid), through one
/// <see cref="GenerationRequest"/>. The command parses and reports; the model's <see cref="IImageGenerator"/> decides
/// what it can do and refuses the rest in one line before any work.
/// </summary>
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
        var guidance = Cli.Ranged<double>("--guidance", $"Classifier-free guidance scale (1 = none; default {DiffusionGenerator.DefaultGuidance} for a conditional diffusion model).", 0.0, 50.0);
        var classOption = new Option<string>("--class", "--prompt") { Description = "What to draw: a class name (default: cycle through all classes)." };
        var negative = new Option<string>("--negative") { Description = "What to steer away from, in place of the unconditional prediction in guidance (a class name)." };
        var init = new Option<string>("--init") { Description = "img2img: start from this image (resized to the model's size)." };
        var strength = Cli.Ranged("--strength", "img2img: how far from --init to go (0 = unchanged, 1 = ignore it).", 0.0, 1.0, 0.75);
        var mask = new Option<string>("--mask") { Description = "Inpainting: an image, white where to paint anew, black where to keep --init." };
        var seed = new Option<long?>("--seed") { Description = "Seed; image i uses seed + i (random if omitted)." };
        var output = new Option<string>("--out") { Description = "Folder for the images.", Required = true };
        var grid = new Option<string>("--grid") { Description = "Also write all images as one grid PNG." };
        var noClip = new Option<bool>("--no-clip") { Description = "Do not clamp the estimates of x_0 to [-1, 1] while sampling." };
        var temperature = Cli.Ranged<double>("--temperature", $"Temperature T: a VAE's or flow's latent z ~ N(μ, T²σ²) (default: 1 for a VAE, {FlowPipeline.DefaultTemperature} for a flow); a PixelCNN's logits divided by T (default 1 = exact samples).", 0.0, 10.0);
        var truncation = Cli.Ranged<double>("--truncation", "The truncation trick: a StyleGAN's ψ in w′ = w̄ + ψ(w − w̄) (default 1); a BigGAN's threshold on |z| (default none); lower trades variety for typical images.", 0.0, 4.0);
        var prior = PriorOption();
        var device = new Option<string>("--device") { Description = "cpu, cuda or auto.", DefaultValueFactory = _ => "auto" };
        var backend = BackendOption();

        var command = new Command("sample", "Generate images with a trained model (diffusion, VAE, GAN, PixelCNN, flow); img2img and inpainting with a diffusion model.")
        {
            model, count, sampler, steps, karras, eta, guidance, classOption, negative, init, strength, mask, seed, output, grid, device, backend, noClip, temperature, truncation, prior,
        };
        command.SetAction(parse =>
        {
            var location = ModelStore.Resolve(parse.GetValue(model)!);
            bool Given(Option option) => parse.GetResult(option) is { Implicit: false };
            bool samplerGiven = Given(sampler) || Given(steps) || Given(karras) || Given(eta) || Given(noClip);
            long usedSeed = Seeds.Resolve(parse.GetValue(seed));
            var folder = parse.GetValue(output)!;
            var gridPath = parse.GetValue(grid);
            bool? fittedPrior = Given(prior) ? VaePipeline.UsesFittedPrior(parse.GetValue(prior), location) : null;

            var request = new GenerationRequest
            {
                Count = parse.GetValue(count),
                Seed = usedSeed,
                Prompt = parse.GetValue(classOption),
                NegativePrompt = parse.GetValue(negative),
                Guidance = Given(guidance) ? parse.GetValue(guidance) : null,
                Sampler = samplerGiven ? parse.GetValue(sampler) : null,
                SamplerOptions = samplerGiven
                    ? new SamplerOptions { Steps = parse.GetValue(steps), Karras = parse.GetValue(karras), ClipDenoised = !parse.GetValue(noClip), Eta = parse.GetValue(eta) }
                    : null,
                Strength = parse.GetValue(strength),
                Temperature = Given(temperature) ? parse.GetValue(temperature) : null,
                Truncation = Given(truncation) ? parse.GetValue(truncation) : null,
                FittedPrior = fittedPrior,
                Backend = Given(backend) ? parse.GetValue(backend) : null,
            };
            Execute(location, parse.GetValue(device)!, request, parse.GetValue(init), parse.GetValue(mask), folder, gridPath);
            return 0;
        });
        return command;
    }

    /// <summary>--backend: the engine that runs a diffusion model's network.</summary>
    internal static Option<Pigment.Pipelines.InferenceBackend> BackendOption() => new("--backend")
    {
        Description = "The engine that runs the network while sampling: torch (TorchSharp, float32), onnx (ONNX Runtime on the exported UNet) " +
                      "or bf16 (TorchSharp on a bfloat16 copy; fast on CPUs with AVX-512 BF16 or AMX).",
        DefaultValueFactory = _ => Pigment.Pipelines.InferenceBackend.Torch,
    };

    /// <summary>
    /// The path every generating command shares: opens the model, loads the starting image and mask at its size,
    /// checks the request (one line on what it cannot do), prints its warnings, generates with progress, and writes
    /// one PNG per image (named index-seed, with parameters that reproduce it) and an optional grid.
    /// </summary>
    internal static void Execute(ModelStore.ModelLocation location, string device, GenerationRequest request, string? initPath, string? maskPath,
        string folder, string? gridPath)
    {
        using var generator = Generators.Open(location, Devices.Parse(device));
        using var initImage = initPath is null ? null : RequestImages.InitImage(ImageIO.Load(initPath), generator);
        using var maskImage = maskPath is null ? null : RequestImages.Mask(ImageIO.Load(maskPath), generator);
        request = request with { InitImage = initImage, Mask = maskImage };
        generator.Validate(request);
        foreach (var warning in generator.Warnings(request))
            Cli.Warn(warning);
        using var result = WorkProgress.Run("sampling", progress => generator.Generate(request, p => progress?.Report(p.Fraction)));
        var images = ImageTensor.ToImages(result.Images);
        Directory.CreateDirectory(folder);
        for (int i = 0; i < images.Length; i++)
            ImageIO.Save(images[i], Path.Combine(folder, $"{i:D5}-{request.Seed + i}.png"), result.Parameters[i].Format());
        int? columns = generator.ClassNames.Count > 0 && request.Prompt is null ? generator.ClassNames.Count : null;
        if (gridPath is not null)
            ImageIO.Save(ImageGrid.Make(images, columns), gridPath, (result.Parameters[0] with { Prompt = $"grid of {images.Length}", Seed = request.Seed }).Format());
        var first = result.Parameters[0];
        Cli.Line($"wrote {images.Length} images to {folder}{(gridPath is null ? "" : $" and the grid {gridPath}")} " +
                 $"(seed {request.Seed}, {first.Sampler}{(first.Steps is { } s && location.Family is "ddpm" or "sd" ? $", {s} steps" : "")}" +
                 $"{(first.CfgScale is { } g ? $", guidance {g.ToString(CultureInfo.InvariantCulture)}" : "")})");
    }
}
