using System.CommandLine;
using Pigment.Core;
using Pigment.Core.Data;
using Pigment.Core.Imaging;

namespace Pigment.Cli.Commands;

/// <summary><c>pigment dataset preview NAME --out FILE.png</c>: a grid of random examples.</summary>
public static class DatasetCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("dataset") { Description = $"Which dataset: {DatasetCatalog.Help}." };
        var count = Cli.Ranged("--count", "How many examples to show.", 1, 1024, 64);
        var seed = new Option<long?>("--seed") { Description = "Seed for choosing the examples (random if omitted)." };
        var size = Cli.Ranged<int>("--size", "Image size for shapes and folder datasets (default 32 for shapes, 64 for folders).", 16, 1024);
        var split = new Option<DatasetSplit>("--split") { Description = "train or test.", DefaultValueFactory = _ => DatasetSplit.Train };
        var output = new Option<string>("--out") { Description = "The grid PNG to write.", Required = true };

        var preview = new Command("preview", "Write a grid of random examples of a dataset (and print shapes captions).")
        {
            name, count, seed, size, split, output,
        };
        preview.SetAction(parse =>
        {
            var usedSeed = Seeds.Resolve(parse.GetValue(seed));
            var dataset = DatasetCatalog.Open(parse.GetValue(name)!, parse.GetValue(split), parse.GetResult(size) is null ? null : parse.GetValue(size));
            int n = Math.Min(parse.GetValue(count), dataset.Count);
            var picks = Enumerable.Range(0, dataset.Count).ToArray();
            new Random(Seeds.Mix(usedSeed)).Shuffle(picks);
            var items = picks.Take(n).Select(dataset.Get).ToList();

            var grid = ImageGrid.Make(items.Select(i => i.Image).ToList());
            var parameters = new GenerationParameters
            {
                Prompt = $"dataset preview of {dataset.Name}",
                Seed = usedSeed,
                Width = dataset.Width,
                Height = dataset.Height,
                Extra = [new("Count", n.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            };
            var outPath = parse.GetValue(output)!;
            ImageIO.Save(grid, outPath, parameters.Format());

            Cli.Line($"{dataset.Name}: {dataset.Count} images of {dataset.Width}x{dataset.Height}x{dataset.Channels}; showing {n} (seed {usedSeed}) in {outPath}");
            for (int i = 0; i < items.Count; i++)
            {
                var label = items[i].Label >= 0 && items[i].Label < dataset.ClassNames.Count ? dataset.ClassNames[items[i].Label] : null;
                if (items[i].Caption is { } caption)
                    Cli.Line($"{i,4}  {caption}");
                else if (label is not null && i < 16)
                    Cli.Line($"{i,4}  label {label}");
            }
            return 0;
        });
        return new Command("dataset", "Look at the datasets Pigment trains on.") { preview };
    }
}
