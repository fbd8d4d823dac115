using System.CommandLine;
using Pigment.Core;
using Pigment.Core.Imaging;
using Pigment.Models.StyleGan;
using Pigment.Pipelines;

namespace Pigment.Cli.Commands;

/// <summary><c>pigment style-mix MODEL --out FILE</c>: StyleGAN's style-mixing grid (coarse styles from each row's source, fine from each column's).</summary>
public static class StyleMixCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "A StyleGAN under models/ or a folder, e.g. stylegan-emoji." };
        var rows = Cli.Ranged("--rows", "Sources of the coarse styles (one per row).", 1, 32, 4);
        var columns = Cli.Ranged("--columns", "Sources of the fine styles (one per column).", 1, 32, 6);
        var coarse = Cli.Ranged("--coarse", "The coarse styles are those of resolutions up to this one (4, 8, 16, …).", 4, 4096, 8);
        var truncation = Cli.Ranged("--truncation", "ψ of the truncation trick for every source.", 0.0, 4.0, 1.0);
        var seed = new Option<long>("--seed") { Description = "Row sources use seed …, column sources follow.", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out") { Description = "The grid PNG to write.", Required = true };
        var command = new Command("style-mix", "StyleGAN's style-mixing grid: the first row and column are the sources; each cell takes the coarse styles of its row and the fine styles of its column.")
        {
            model, rows, columns, coarse, truncation, seed, output,
        };
        command.SetAction(parse =>
        {
            var location = ModelStore.Resolve(parse.GetValue(model)!);
            if (location.Family != StyleGanObjective.FamilyName)
                throw new PigmentException($"'{location.Name}' is a '{location.Family}' model: style mixing needs a StyleGAN.");
            using var pipeline = GanPipeline.Load(location);
            var generator = (StyleGanGenerator)pipeline.Generator;
            using var grid = StyleMixing.Grid(generator, parse.GetValue(rows), parse.GetValue(columns), parse.GetValue(seed), parse.GetValue(coarse), parse.GetValue(truncation));
            var path = parse.GetValue(output)!;
            ImageIO.Save(ImageTensor.ToImage(grid), path);
            Cli.Line($"wrote {path}: {parse.GetValue(rows)} × {parse.GetValue(columns)} mixes, styles up to {parse.GetValue(coarse)}×{parse.GetValue(coarse)} from the rows (styles 0–{StyleMixing.Crossover(generator.Config, parse.GetValue(coarse)) - 1} of {generator.Config.StyleCount})");
            return 0;
        });
        return command;
    }
}
