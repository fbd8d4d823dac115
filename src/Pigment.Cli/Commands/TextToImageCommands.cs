using System.CommandLine;
using System.Globalization;
using Pigment.Core;
using Pigment.Core.Imaging;
using Pigment.Models.Autoencoders;
using Pigment.Pipelines;
using Pigment.Pipelines.TextToImage;
using TorchSharp;

namespace Pigment.Cli.Commands;

/// <summary><c>pigment assemble</c> (a text-to-image model from its trained parts) and <c>pigment autoencode</c> (an image
/// through the latent autoencoder and back).</summary>
public static class TextToImageCommands
{
    public static Command CreateAssemble()
    {
        var output = new Argument<string>("out") { Description = "The model folder to write, e.g. models/sd-shapes." };
        var autoencoder = new Option<string>("--autoencoder") { Description = "Latent diffusion: the trained autoencoder's folder." };
        var textEncoder = new Option<string>("--text-encoder") { Description = "The trained CLIP's folder.", Required = true };
        var unet = new Option<string>("--unet") { Description = "Latent diffusion: the trained latent denoiser's folder." };
        var stage1 = new Option<string>("--stage1") { Description = "StackGAN: the trained Stage I's folder." };
        var stage2 = new Option<string>("--stage2") { Description = "StackGAN: the trained Stage II's folder (optional: without it the model draws Stage I's sketches)." };
        var command = new Command("assemble", "Put a text-to-image model together from its trained parts under model_index.json: latent diffusion (--autoencoder, --text-encoder, --unet) or StackGAN (--text-encoder, --stage1, --stage2).")
        {
            output, autoencoder, textEncoder, unet, stage1, stage2,
        };
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(output)!;
            var text = ("text_encoder", Models.TextEncoders.ClipObjective.FamilyName, parse.GetValue(textEncoder)!);
            bool diffusion = parse.GetValue(autoencoder) is not null || parse.GetValue(unet) is not null;
            bool stackGan = parse.GetValue(stage1) is not null || parse.GetValue(stage2) is not null;
            if (diffusion == stackGan)
                throw new PigmentException("assemble: give --autoencoder and --unet (latent diffusion) or --stage1 [--stage2] (StackGAN), not both or neither.");
            if (diffusion)
            {
                if (parse.GetValue(autoencoder) is not { } ae || parse.GetValue(unet) is not { } un)
                    throw new PigmentException("assemble: latent diffusion needs both --autoencoder and --unet.");
                ModelStore.WriteParts(folder, TextToImagePipeline.FamilyName,
                    [("autoencoder", Models.Autoencoders.AutoencoderObjective.FamilyName, ae), text, ("unet", Models.LatentDiffusion.LatentDiffusionObjective.FamilyName, un)]);
                Cli.Line($"wrote {folder}: autoencoder, text_encoder and unet under {ModelStore.IndexFile}");
                return 0;
            }
            var one = parse.GetValue(stage1) ?? throw new PigmentException("assemble: StackGAN needs --stage1.");
            var parts = new List<(string, string, string)> { text, ("stage1", StackGanPipeline.FamilyName, one) };
            if (parse.GetValue(stage2) is { } two)
                parts.Add(("stage2", StackGanPipeline.FamilyName, two));
            ModelStore.WriteParts(folder, StackGanPipeline.FamilyName, parts);
            Cli.Line($"wrote {folder}: {string.Join(", ", parts.Select(p => p.Item1))} under {ModelStore.IndexFile}");
            return 0;
        });
        return command;
    }

    public static Command CreateAutoencode()
    {
        var input = new Argument<string>("image") { Description = "The image to round-trip (center-cropped and resized to the model's size)." };
        var model = new Option<string>("--model") { Description = "A text-to-image model, or an autoencoder's folder.", DefaultValueFactory = _ => GenerateCommand.DefaultModel };
        var output = new Option<string>("--out") { Description = "The reconstruction to write (.png).", Required = true };
        var command = new Command("autoencode", "Encode an image to the latent space and decode it back; prints the PSNR and the latents' shape.") { input, model, output };
        command.SetAction(parse =>
        {
            var location = ModelStore.Resolve(parse.GetValue(model)!);
            var part = location.IsMultiPart ? location.Part("autoencoder").Folder : location.Folder;
            using var autoencoder = LatentDiffusionTraining.LoadPart<AutoencoderConfig, AutoencoderKL>(part, c => new AutoencoderKL(c));
            autoencoder.eval();
            var image = ImageIO.Load(parse.GetValue(input)!).ToRgb();
            int size = autoencoder.Config.ImageSize;
            if (image.Width != size || image.Height != size)
                image = ImageTransforms.CenterCropResize(image, size);
            using var scope = torch.NewDisposeScope();
            using var inference = torch.inference_mode();
            var x = ImageTensor.ToTensor(image, PixelRange.MinusOneToOne).unsqueeze(0);
            var (mean, _) = autoencoder.Encode(x);
            var decoded = autoencoder.Decode(mean);
            double psnr = AutoencoderObjective.Psnr(x, decoded);
            ImageIO.Save(ImageTensor.ToImage(decoded[0].Clamp(-1.0, 1.0), PixelRange.MinusOneToOne), parse.GetValue(output)!);
            Cli.Line(string.Create(CultureInfo.InvariantCulture,
                $"wrote {parse.GetValue(output)}: {size}×{size}×3 → latents {string.Join("×", mean.shape.Skip(1))} → back, PSNR {psnr:F2} dB"));
            return 0;
        });
        return command;
    }
}
