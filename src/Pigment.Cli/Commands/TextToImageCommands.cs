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
        var autoencoder = new Option<string>("--autoencoder") { Description = "The trained autoencoder's folder.", Required = true };
        var textEncoder = new Option<string>("--text-encoder") { Description = "The trained CLIP's folder.", Required = true };
        var unet = new Option<string>("--unet") { Description = "The trained latent denoiser's folder.", Required = true };
        var command = new Command("assemble", "Put a text-to-image model together from its trained parts (autoencoder, text encoder, UNet) under model_index.json.")
        {
            output, autoencoder, textEncoder, unet,
        };
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(output)!;
            ModelStore.WriteParts(folder, TextToImagePipeline.FamilyName,
            [
                ("autoencoder", Models.Autoencoders.AutoencoderObjective.FamilyName, parse.GetValue(autoencoder)!),
                ("text_encoder", Models.TextEncoders.ClipObjective.FamilyName, parse.GetValue(textEncoder)!),
                ("unet", Models.LatentDiffusion.LatentDiffusionObjective.FamilyName, parse.GetValue(unet)!),
            ]);
            Cli.Line($"wrote {folder}: autoencoder, text_encoder and unet under {ModelStore.IndexFile}");
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
