using System.CommandLine;
using Pigment.Core.Imaging;

namespace Pigment.Cli.Commands;

/// <summary><c>pigment gray IN OUT</c> and <c>pigment filter KIND IN OUT</c>.</summary>
public static class ImageCommands
{
    public static Command CreateGray()
    {
        var input = new Argument<string>("in") { Description = "The image to read (PNG or JPEG)." };
        var output = new Argument<string>("out") { Description = "The grayscale image to write (.png, .jpg)." };
        var command = new Command("gray", "Convert to grayscale with Y = 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601).") { input, output };
        command.SetAction(parse =>
        {
            var image = ImageIO.Load(parse.GetValue(input)!);
            ImageIO.Save(image.ToGrayscale(), parse.GetValue(output)!);
            Cli.Line($"wrote {parse.GetValue(output)} ({image.Width}x{image.Height}, grayscale)");
            return 0;
        });
        return command;
    }

    public static Command CreateFilter()
    {
        var kind = Cli.EnumArgument<FilterKind>("filter", "The filter.");
        var input = new Argument<string>("in") { Description = "The image to read (PNG or JPEG)." };
        var output = new Argument<string>("out") { Description = "The filtered image to write (.png, .jpg)." };
        var size = Cli.Ranged<int>("--size", "Kernel size (odd) for box and gaussian.", 1, 255);
        var sigma = Cli.Ranged<double>("--sigma", "Standard deviation of the gaussian, in pixels.", 0.05, 100);
        var kernel = new Option<string>("--kernel") { Description = "The kernel for 'kernel': rows by ';', values by ',', e.g. \"0,-1,0;-1,5,-1;0,-1,0\"." };
        var command = new Command("filter", "Apply a convolution filter (a kernel slid over the image, reflect padding).")
        {
            kind, input, output, size, sigma, kernel,
        };
        command.SetAction(parse =>
        {
            var image = ImageIO.Load(parse.GetValue(input)!);
            using var tensor = ImageTensor.ToTensor(image);
            using var filtered = ConvolutionFilters.Apply(tensor, parse.GetValue(kind),
                parse.GetResult(size) is null ? null : parse.GetValue(size),
                parse.GetResult(sigma) is null ? null : parse.GetValue(sigma),
                parse.GetValue(kernel));
            ImageIO.Save(ImageTensor.ToImage(filtered), parse.GetValue(output)!);
            Cli.Line($"wrote {parse.GetValue(output)} ({parse.GetValue(kind).ToString().ToLowerInvariant()}, {image.Width}x{image.Height})");
            return 0;
        });
        return command;
    }
}
