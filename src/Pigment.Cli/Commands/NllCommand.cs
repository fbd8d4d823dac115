using System.CommandLine;
using Pigment.Core;
using Pigment.Models.Vae;
using Pigment.Pipelines;

namespace Pigment.Cli.Commands;

/// <summary><c>pigment nll MODEL</c>: the test-set negative log-likelihood of a likelihood-based model.</summary>
public static class NllCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "A VAE under models/ or a run folder." };
        var samples = Cli.Ranged("--samples", "Importance samples per image (the IWAE bound's K).", 1, 100_000, 1000);
        var limit = Cli.Ranged<int>("--limit", "Only the first N test images.", 1, 1_000_000);
        var seed = new Option<long>("--seed") { Description = "Seed of the binarization and the importance samples.", DefaultValueFactory = _ => 0 };
        var command = new Command("nll", "Estimate the test-set negative log-likelihood (nats per image).") { model, samples, limit, seed };
        command.SetAction(parse =>
        {
            var location = ModelStore.Resolve(parse.GetValue(model)!);
            if (location.Family != VaeObjective.FamilyName)
                throw new PigmentException($"Model '{location.Name}' is a '{location.Family}' model; 'nll' measures VAEs so far.");
            using var pipeline = VaePipeline.Load(location);
            int k = parse.GetValue(samples);
            int? n = parse.GetResult(limit) is null ? null : parse.GetValue(limit);
            double nll = WorkProgress.Run("importance sampling", progress =>
                pipeline.TestNll(k, n, parse.GetValue(seed), (done, total) => progress?.Report(done / (double)total)));
            var dims = pipeline.Vae.Config.ImageSize * pipeline.Vae.Config.ImageSize * pipeline.Vae.Config.InChannels;
            Cli.Line($"{location.Name}: test NLL ≈ {nll:0.00} nats per image ({nll / dims / Math.Log(2):0.0000} bits/dim), IWAE bound with K = {k}, " +
                     $"{(n is null ? "all" : $"the first {n}")} test images, {pipeline.Vae.Config.Likelihood.ToString().ToLowerInvariant()} likelihood, seed {parse.GetValue(seed)}");
            return 0;
        });
        return command;
    }
}
