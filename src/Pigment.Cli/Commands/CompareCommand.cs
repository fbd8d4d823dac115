using System.CommandLine;
using Pigment.Core;
using Pigment.Pipelines;

namespace Pigment.Cli.Commands;

/// <summary><c>pigment compare MODEL…</c>: the generative families side by side, written as markdown.</summary>
public static class CompareCommand
{
    public static Command Create()
    {
        var models = new Argument<string[]>("models")
        {
            Description = "Models to compare (default: every generative model under models/); a diffusion model may name its sampler: ddpm-mnist@ddpm:1000.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var samples = Cli.Ranged("--samples", "Images per model for FID, precision and recall.", 10, 100_000, 500);
        var nllImages = Cli.Ranged<int>("--nll-images", "Only the first N test images for the likelihoods (default: all).", 1, 1_000_000);
        var seed = new Option<long>("--seed") { Description = "Seed of the samples and likelihood estimates.", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out") { Description = "The markdown file to write.", DefaultValueFactory = _ => "bench/compare/RESULTS.md" };
        var command = new Command("compare", "Measure the generative families side by side: NLL, classifier-FID, precision/recall, size, time per 100 images.")
        {
            models, samples, nllImages, seed, output,
        };
        command.SetAction(parse =>
        {
            var names = parse.GetValue(models) is { Length: > 0 } given
                ? given
                : ModelStore.Installed().Where(n => !n.StartsWith("classifier-", StringComparison.Ordinal) && ModelStore.Resolve(n).Family is not ("sd" or "stackgan")).ToArray(); // the unconditional and class-conditional models
            if (names.Length == 0)
                throw new PigmentException("No generative models to compare: name some, or install them under models/.");
            foreach (var name in names)      // fail on a bad name before hours of work
                GenerativeModels.Open(name).Dispose();
            int? limit = parse.GetResult(nllImages) is null ? null : parse.GetValue(nllImages);
            var report = FamilyComparison.Run(names, parse.GetValue(samples), limit, parse.GetValue(seed), message => Console.Error.WriteLine($"compare: {message}"));
            AtomicFile.WriteAllText(parse.GetValue(output)!, report);
            Cli.Line(report);
            return 0;
        });
        return command;
    }
}
