using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Pigment.Classic.Imaging;
using Pigment.Classic.Texture;
using Pigment.Core;
using Pigment.Core.Imaging;

namespace Pigment.Cli.Commands;

/// <summary>
/// <c>pigment texture synthesize SAMPLE --size N [--window W] [--seed S] --out FILE</c> (Efros &amp; Leung),
/// <c>pigment texture quilt SAMPLE --size N [--block B] [--overlap O] [--seed S] --out FILE</c> and
/// <c>pigment texture transfer SAMPLE TARGET [--block B] [--alpha A] [--passes P] --out FILE</c> (Efros &amp; Freeman).
/// </summary>
public static class TextureCommand
{
    public static Command Create() => new("texture", "Texture synthesis from a sample image, without learning.")
    {
        CreateSynthesize(),
        CreateQuilt(),
        CreateTransfer(),
    };

    private static Command CreateSynthesize()
    {
        var sample = SampleArgument();
        var size = Cli.Ranged("--size", "Output width and height in pixels.", 1, 4096, 128);
        var window = Cli.Ranged("--window", "Neighbourhood window (odd), in pixels.", 3, 255, 11);
        var seed = SeedOption();
        var output = OutputOption();
        var command = new Command("synthesize", "Grow a texture pixel by pixel (Efros & Leung 1999); slow, O(pixels × sample × window²).")
        {
            sample, size, window, seed, output,
        };
        command.SetAction(parse =>
        {
            var outPath = Prepare(parse.GetValue(output)!);
            var source = Load(parse.GetValue(sample)!);
            var options = new EfrosLeungOptions
            {
                Width = parse.GetValue(size),
                Height = parse.GetValue(size),
                Window = parse.GetValue(window),
                Seed = Seeds.Resolve(parse.GetValue(seed)),
            };
            options.Validate(source);
            var watch = Stopwatch.StartNew();
            var result = WorkProgress.Run("synthesizing", p => EfrosLeung.Synthesize(source, options, p));
            Save(result, outPath, "efros-leung", options.Seed, [new("Window", Text(options.Window)), new("Sample", Path.GetFileName(parse.GetValue(sample)!))]);
            Report(outPath, result, options.Seed, watch, $"window {options.Window}");
            return 0;
        });
        return command;
    }

    private static Command CreateQuilt()
    {
        var sample = SampleArgument();
        var size = Cli.Ranged("--size", "Output width and height in pixels.", 1, 8192, 256);
        var block = Cli.Ranged("--block", "Block size in pixels.", 3, 4096, 32);
        var overlap = Cli.Ranged<int>("--overlap", "Overlap in pixels (default: block / 6).", 0, 2048);
        var seed = SeedOption();
        var output = OutputOption();
        var command = new Command("quilt", "Quilt a texture from blocks with minimum-error boundary cuts (Efros & Freeman 2001).")
        {
            sample, size, block, overlap, seed, output,
        };
        command.SetAction(parse =>
        {
            var outPath = Prepare(parse.GetValue(output)!);
            var source = Load(parse.GetValue(sample)!);
            var options = new QuiltingOptions
            {
                Width = parse.GetValue(size),
                Height = parse.GetValue(size),
                Block = parse.GetValue(block),
                Overlap = parse.GetResult(overlap) is null ? null : parse.GetValue(overlap),
                Seed = Seeds.Resolve(parse.GetValue(seed)),
            };
            options.Validate(source);
            var watch = Stopwatch.StartNew();
            var result = WorkProgress.Run("quilting", p => ImageQuilting.Synthesize(source, options, p));
            Save(result, outPath, "image-quilting", options.Seed,
                [new("Block", Text(options.Block)), new("Overlap", Text(options.EffectiveOverlap)), new("Sample", Path.GetFileName(parse.GetValue(sample)!))]);
            Report(outPath, result, options.Seed, watch, $"block {options.Block}, overlap {options.EffectiveOverlap}");
            return 0;
        });
        return command;
    }

    private static Command CreateTransfer()
    {
        var sample = SampleArgument();
        var target = new Argument<string>("target") { Description = "The image whose shapes the result follows (its luminance)." };
        var block = Cli.Ranged("--block", "Block size of the first pass in pixels (each pass shrinks it by a third).", 3, 4096, 32);
        var alpha = Cli.Ranged("--alpha", "Weight of texture continuity against matching the target, in the last pass.", 0.0, 1.0, 0.8);
        var passes = Cli.Ranged("--passes", "Passes with shrinking blocks.", 1, 10, 3);
        var seed = SeedOption();
        var output = OutputOption();
        var command = new Command("transfer", "Render a target image in a sample's texture (Efros & Freeman 2001, texture transfer).")
        {
            sample, target, block, alpha, passes, seed, output,
        };
        command.SetAction(parse =>
        {
            var outPath = Prepare(parse.GetValue(output)!);
            var source = Load(parse.GetValue(sample)!);
            var goal = Load(parse.GetValue(target)!);
            var options = new TransferOptions
            {
                Block = parse.GetValue(block),
                Alpha = parse.GetValue(alpha),
                Passes = parse.GetValue(passes),
                Seed = Seeds.Resolve(parse.GetValue(seed)),
            };
            options.Validate(source, goal);
            var watch = Stopwatch.StartNew();
            var result = WorkProgress.Run("transferring", p => TextureTransfer.Transfer(source, goal, options, p));
            Save(result, outPath, "texture-transfer", options.Seed,
            [
                new("Block", Text(options.Block)), new("Alpha", options.Alpha.ToString("0.###", CultureInfo.InvariantCulture)),
                new("Passes", Text(options.Passes)), new("Sample", Path.GetFileName(parse.GetValue(sample)!)),
                new("Target", Path.GetFileName(parse.GetValue(target)!)),
            ]);
            Report(outPath, result, options.Seed, watch, $"block {options.Block}, alpha {options.Alpha.ToString(CultureInfo.InvariantCulture)}, {options.Passes} passes");
            return 0;
        });
        return command;
    }

    private static Argument<string> SampleArgument() => new("sample") { Description = "The sample texture (PNG or JPEG)." };

    private static Option<long?> SeedOption() => new("--seed") { Description = "Seed (random if omitted; printed and stored in the PNG)." };

    private static Option<string> OutputOption() => new("--out") { Description = "The PNG (or JPEG) to write.", Required = true };

    private static string Prepare(string outPath)
    {
        ProceduralCommand.RequireImagePath(outPath);
        return outPath;
    }

    private static FloatImage Load(string path) => FloatImage.FromPixels(ImageIO.Load(path));

    private static void Save(FloatImage result, string path, string model, long seed, List<KeyValuePair<string, string>> extra)
    {
        var parameters = new GenerationParameters { Model = model, Seed = seed, Width = result.Width, Height = result.Height, Extra = extra };
        ImageIO.Save(result.ToPixels(), path, parameters.Format());
    }

    private static void Report(string path, FloatImage result, long seed, Stopwatch watch, string details) =>
        Cli.Line($"wrote {path} ({result.Width}x{result.Height}, {details}, seed {seed}) in {watch.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s");

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
