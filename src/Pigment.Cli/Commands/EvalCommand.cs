using System.CommandLine;
using System.Globalization;
using Pigment.Core;
using Pigment.Pipelines;
using Pigment.Samplers;
using Spectre.Console;

namespace Pigment.Cli.Commands;

/// <summary><c>pigment eval MODEL …</c>: classifier-FID, precision/recall and accuracy, beside reference rows.</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "A diffusion model or PixelCNN under models/, or a run folder." };
        var samples = Cli.Ranged("--samples", "How many images to generate and score.", 10, 100_000, 1000);
        var sampler = new Option<string>("--sampler") { Description = $"Sampler: {string.Join(", ", SamplerCatalog.Names)}.", DefaultValueFactory = _ => "dpm++2m" };
        var steps = Cli.Ranged("--steps", "Sampling steps.", 1, 100_000, 20);
        var karras = new Option<bool>("--karras") { Description = "Karras noise levels." };
        var guidance = Cli.Ranged("--guidance", "Classifier-free guidance scale.", 0.0, 50.0, 1.0);
        var seed = new Option<long>("--seed") { Description = "Seed of the samples.", DefaultValueFactory = _ => 0 };
        var noClip = new Option<bool>("--no-clip") { Description = "Do not clamp the estimates of x_0 to [-1, 1] while sampling." };
        var classifier = new Option<string>("--classifier") { Description = "The evaluation classifier (default: models/classifier-DATASET)." };
        var temperature = Cli.Ranged("--temperature", "PixelCNN: divide the logits by T (1 = exact samples).", 0.05, 10.0, 1.0);
        var command = new Command("eval", "Score a model's samples: classifier-FID, precision/recall, accuracy.")
        {
            model, samples, sampler, steps, karras, guidance, seed, classifier, noClip, temperature,
        };
        command.SetAction(parse =>
        {
            var location = ModelStore.Resolve(parse.GetValue(model)!);
            if (location.Family == Pigment.Models.PixelCnn.PixelCnnObjective.FamilyName)
                return PixelCnn(location, parse.GetValue(samples), parse.GetValue(seed), parse.GetValue(classifier), parse.GetValue(temperature));
            using var pipeline = DiffusionPipeline.Load(location, Devices.Parse("auto"));
            using var evaluation = SampleEvaluation.ForDataset(pipeline.Config.Dataset, parse.GetValue(classifier));
            var chosen = SamplerCatalog.Create(parse.GetValue(sampler)!);
            var options = new SamplerOptions { Steps = parse.GetValue(steps), Karras = parse.GetValue(karras), ClipDenoised = !parse.GetValue(noClip) };
            int n = parse.GetValue(samples);
            var rows = evaluation.References(n, parse.GetValue(seed)).ToList();
            rows.Insert(0, SampleCommand.Progress(n, options.Steps, "sampling", tick =>
                evaluation.ScoreDiffusion(pipeline, chosen, options, parse.GetValue(guidance), n, parse.GetValue(seed), tick)));
            AnsiConsole.Write(Table($"{location.Name} on {pipeline.Config.Dataset}", rows));
            return 0;
        });
        return command;
    }

    private static int PixelCnn(ModelStore.ModelLocation location, int n, long seed, string? classifier, double temperature)
    {
        using var pipeline = PixelCnnPipeline.Load(location);
        using var evaluation = SampleEvaluation.ForDataset(pipeline.Config.Dataset, classifier);
        var rows = evaluation.References(n, seed).ToList();
        int passes = pipeline.Config.ImageSize * pipeline.Config.ImageSize;
        rows.Insert(0, SampleCommand.Progress(n, passes, "sampling", tick => evaluation.ScorePixelCnn(pipeline, n, seed, tick, temperature)));
        AnsiConsole.Write(Table($"{location.Name} on {pipeline.Config.Dataset}", rows));
        return 0;
    }

    public static Table Table(string title, IEnumerable<EvaluationRow> rows)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(title))
            .AddColumn("images").AddColumn("n").AddColumn("classifier-FID ↓").AddColumn("precision ↑").AddColumn("recall ↑")
            .AddColumn("accuracy ↑").AddColumn("≥90% confident").AddColumn("images/s");
        foreach (var r in rows)
        {
            table.AddRow(Markup.Escape(r.Name), r.Samples.ToString(CultureInfo.InvariantCulture), r.Fid.ToString("0.00", CultureInfo.InvariantCulture),
                r.Precision.ToString("0.000", CultureInfo.InvariantCulture), r.Recall.ToString("0.000", CultureInfo.InvariantCulture),
                r.Accuracy?.ToString("P1", CultureInfo.InvariantCulture) ?? "–", r.ConfidentFraction.ToString("P1", CultureInfo.InvariantCulture),
                r.ImagesPerSecond?.ToString("0.0", CultureInfo.InvariantCulture) ?? "–");
        }
        return table;
    }
}
