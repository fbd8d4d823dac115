using System.CommandLine;
using System.Globalization;
using Pigment.Core;
using Pigment.Core.Imaging;
using Pigment.Pipelines;
using Pigment.Pipelines.Generation;
using Pigment.Samplers;

namespace Pigment.Cli.Commands;

/// <summary>
/// <c>pigment generate PROMPT …</c>: text-to-image, Pigment's main job. txt2img; img2img with <c>--init</c> and
/// <c>--strength</c>; inpainting with <c>--init</c> and <c>--mask</c> (white = repaint); <c>--from-png</c> redoes an
/// image from the parameters in its PNG. The same request path as <c>sample</c>.
/// </summary>
public static class GenerateCommand
{
    public const string DefaultModel = "sd-shapes";

    public static Command Create()
    {
        var prompt = new Argument<string?>("prompt") { Description = "What to draw, e.g. \"a red circle above a blue square\" (empty: anything).", Arity = ArgumentArity.ZeroOrOne };
        var negative = new Option<string>("--negative") { Description = "Negative prompt: what to steer away from (it replaces the empty prompt in guidance)." };
        var model = new Option<string>("--model") { Description = $"A text-to-image model under models/ or a folder (default {DefaultModel}).", DefaultValueFactory = _ => DefaultModel };
        var count = Cli.Ranged("--count", "How many images (image i uses seed + i).", 1, 100_000, 4);
        var steps = Cli.Ranged("--steps", "Sampling steps.", 1, 1000, 20);
        var guidance = Cli.Ranged("--guidance", "Classifier-free guidance scale (1 = none).", 0.0, 50.0, Pigment.Pipelines.Generation.TextToImageGenerator.DefaultGuidance);
        var rescale = Cli.Ranged("--guidance-rescale", "Guidance rescale φ (Lin et al. 2023; 0 = none, 0.7 is common).", 0.0, 1.0, 0.0);
        var sampler = new Option<string>("--sampler") { Description = $"Sampler: {string.Join(", ", SamplerCatalog.Names)}.", DefaultValueFactory = _ => "dpm++2m" };
        var karras = new Option<bool>("--karras") { Description = "Karras et al. noise levels instead of uniform timesteps." };
        var seed = new Option<long?>("--seed") { Description = "Seed; image i uses seed + i (random if omitted)." };
        var init = new Option<string>("--init") { Description = "img2img: start from this image (center-cropped and resized to the model's size)." };
        var strength = Cli.Ranged("--strength", "img2img: how far from --init to go (0 = unchanged, 1 = ignore it).", 0.0, 1.0, 0.75);
        var mask = new Option<string>("--mask") { Description = "Inpainting (with --init): white where to paint anew, black where to keep." };
        var maskBlur = Cli.Ranged("--mask-blur", "Inpainting: Gaussian blur of the mask's edge, in pixels.", 0.0, 64.0, 2.0);
        var fromPng = new Option<string>("--from-png") { Description = "Redo an image from the parameters in its PNG (prompt, negative, steps, sampler, CFG scale, seed, model, strength); options given here override them." };
        var output = new Option<string>("--out") { Description = "Folder for the images.", Required = true };
        var grid = new Option<string>("--grid") { Description = "Also write all images as one grid PNG." };
        var device = new Option<string>("--device") { Description = "cpu, cuda or auto.", DefaultValueFactory = _ => "auto" };
        var backend = SampleCommand.BackendOption();

        var command = new Command("generate", "Text to image: a prompt (and a negative prompt) to pictures; img2img with --init, inpainting with --init --mask.")
        {
            prompt, negative, model, count, steps, guidance, rescale, sampler, karras, seed, init, strength, mask, maskBlur, fromPng, output, grid, device, backend,
        };
        command.SetAction(parse =>
        {
            bool Given(Option option) => parse.GetResult(option) is { Implicit: false };
            var recorded = parse.GetValue(fromPng) is { } png ? ReadPng(png) : null;
            string modelName = Given(model) || recorded?.Model is null ? parse.GetValue(model)! : recorded.Model;
            var location = ModelStore.Resolve(modelName);

            // Sampler and steps: given here, else recorded, else the defaults.
            var (samplerName, options) = recorded?.Sampler is { } display && recorded.Steps is { } recordedSteps
                ? SamplerCatalog.FromDisplayName(display, recordedSteps)
                : (parse.GetValue(sampler)!, new SamplerOptions { Steps = parse.GetValue(steps), Karras = parse.GetValue(karras) });
            if (Given(sampler))
                samplerName = parse.GetValue(sampler)!;
            if (Given(steps))
                options = options with { Steps = parse.GetValue(steps) };
            if (Given(karras))
                options = options with { Karras = parse.GetValue(karras) };
            // Settings neither given nor recorded stay unset: each model applies its own defaults (the same as these
            // options' defaults for latent diffusion), and a model without a sampler or guidance (StackGAN) is not asked for one.
            bool samplerGiven = recorded is { Sampler: not null, Steps: not null } || Given(sampler) || Given(steps) || Given(karras);

            string? RecordedExtra(string key) => recorded?.Extra.FirstOrDefault(p => p.Key == key).Value;
            bool guidanceGiven = recorded?.CfgScale is not null || RecordedExtra("Guidance rescale") is not null || Given(guidance) || Given(rescale);
            double Number(Option<double> option, string key) =>
                !Given(option) && RecordedExtra(key) is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : parse.GetValue(option);

            var text = parse.GetResult(prompt) is { Implicit: false } ? parse.GetValue(prompt) : recorded?.Prompt ?? parse.GetValue(prompt);
            var negativeText = Given(negative) ? parse.GetValue(negative) : recorded is { NegativePrompt.Length: > 0 } ? recorded.NegativePrompt : null;
            var request = new GenerationRequest
            {
                Count = Given(count) || recorded is null ? parse.GetValue(count) : 1,
                Seed = Given(seed) || recorded?.Seed is null ? Seeds.Resolve(parse.GetValue(seed)) : recorded.Seed.Value,
                Prompt = text ?? "",
                NegativePrompt = negativeText,
                Guidance = !guidanceGiven ? null : Given(guidance) || recorded?.CfgScale is null ? parse.GetValue(guidance) : recorded.CfgScale,
                GuidanceRescale = guidanceGiven ? Number(rescale, "Guidance rescale") : null,
                Sampler = samplerGiven ? samplerName : null,
                SamplerOptions = samplerGiven ? options : null,
                Strength = Number(strength, "Denoising strength"),
                MaskBlur = parse.GetValue(mask) is null ? null : Number(maskBlur, "Mask blur"),
                Backend = Given(backend) || RecordedExtra("Backend") is null
                    ? parse.GetValue(backend)
                    : InferenceBackendNames.Parse(RecordedExtra("Backend")!),
            };
            if (recorded is not null && RecordedExtra("Denoising strength") is not null && parse.GetValue(init) is null)
                throw new PigmentException("That image was made with img2img or inpainting: give its starting image again with --init (and --mask), as PNG parameters do not hold it.");
            SampleCommand.Execute(location, parse.GetValue(device)!, request, parse.GetValue(init), parse.GetValue(mask), parse.GetValue(output)!, parse.GetValue(grid));
            return 0;
        });
        return command;
    }

    /// <summary>The parameters written into a PNG by generate (or AUTOMATIC1111).</summary>
    private static GenerationParameters ReadPng(string path)
    {
        if (!File.Exists(path))
            throw new PigmentException($"--from-png: '{path}' does not exist.");
        var text = PngText.ReadParameters(path)
            ?? throw new PigmentException($"--from-png: '{path}' holds no generation parameters.");
        return GenerationParameters.Parse(text);
    }
}
