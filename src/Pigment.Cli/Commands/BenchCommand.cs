using System.CommandLine;
using Pigment.Core;
using Pigment.Pipelines;

namespace Pigment.Cli.Commands;

/// <summary><c>pigment bench ddpm MODEL</c>: the diffusion benchmark, written as markdown.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "A diffusion model under models/ or a run folder." };
        var samples = Cli.Ranged("--samples", "Images per sampler.", 10, 100_000, 500);
        var seed = new Option<long>("--seed") { Description = "Seed of the samples.", DefaultValueFactory = _ => 0 };
        var guidance = Cli.Ranged("--guidance", "Scale of the guided row.", 1.0, 50.0, 3.0);
        var output = new Option<string>("--out") { Description = "The markdown file to write.", DefaultValueFactory = _ => "bench/diffusion/RESULTS.md" };
        var ddpm = new Command("ddpm", "Training and sampling speed, classifier-FID per sampler, guided accuracy.") { model, samples, seed, guidance, output };
        ddpm.SetAction(parse =>
        {
            var location = ModelStore.Resolve(parse.GetValue(model)!);
            var report = DiffusionBenchmark.Run(location, parse.GetValue(samples), parse.GetValue(seed), parse.GetValue(guidance),
                message => Console.Error.WriteLine($"bench: {message}"));
            AtomicFile.WriteAllText(parse.GetValue(output)!, report);
            Cli.Line(report);
            return 0;
        });
        return new Command("bench", "Benchmarks whose results go in bench/.") { ddpm, ClassicBenchCommand.Create() };
    }
}
