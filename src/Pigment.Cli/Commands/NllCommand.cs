using System.CommandLine;
using Pigment.Core;
using Pigment.Models.Flow;
using Pigment.Models.Vae;
using Pigment.Pipelines;

namespace Pigment.Cli.Commands;

/// <summary><c>pigment nll MODEL</c>: the test-set negative log-likelihood of a likelihood-based model.</summary>
public static class NllCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "A VAE or flow under models/, or a run folder." };
        var samples = Cli.Ranged("--samples", "Importance samples per image (the IWAE bound's K).", 1, 100_000, 1000);
        var limit = Cli.Ranged<int>("--limit", "Only the first N test images.", 1, 1_000_000);
        var seed = new Option<long>("--seed") { Description = "Seed of the binarization and the importance samples (VAE) or of the dequantization (flow).", DefaultValueFactory = _ => 0 };
        var draws = Cli.Ranged("--draws", "Flows: dequantization draws to average over.", 1, 1000, 1);
        var command = new Command("nll", "The test-set negative log-likelihood (nats per image, bits/dim): IWAE bound for a VAE, exact for a flow.") { model, samples, limit, seed, draws };
        command.SetAction(parse =>
        {
            var location = ModelStore.Resolve(parse.GetValue(model)!);
            if (location.Family == FlowObjective.FamilyName)
                return FlowNll(location, parse.GetResult(limit) is null ? null : parse.GetValue(limit), parse.GetValue(seed), parse.GetValue(draws));
            if (location.Family != VaeObjective.FamilyName)
                throw new PigmentException($"Model '{location.Name}' is a '{location.Family}' model; 'nll' measures VAEs and flows.");
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

    private static int FlowNll(ModelStore.ModelLocation location, int? limit, long seed, int draws)
    {
        using var pipeline = FlowPipeline.Load(location);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (bits, nats) = WorkProgress.Run("exact likelihood", progress =>
            pipeline.TestNll(draws, limit, seed, (done, total) => progress?.Report(done / (double)total)));
        Cli.Line($"{location.Name}: test NLL = {bits:0.0000} bits/dim ({nats:0.00} nats per image), exact change of variables with uniform dequantization, " +
                 $"{(limit is null ? "all" : $"the first {limit}")} test images, {draws} dequantization draw{(draws == 1 ? "" : "s")}, seed {seed}" +
                 $"{(pipeline.Flow.IsConditional ? ", marginalised over the classes" : "")} ({clock.Elapsed.TotalSeconds:0.0} s)");
        return 0;
    }
}
