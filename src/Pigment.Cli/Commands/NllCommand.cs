using System.CommandLine;
using Pigment.Core;
using Pigment.Pipelines.Generation;
using Pigment.Pipelines;

namespace Pigment.Cli.Commands;

/// <summary><c>pigment nll MODEL</c>: the test-set negative log-likelihood of any model that has one, through
/// <see cref="IGenerativeModel.TestNll"/> (no switch over families here).</summary>
public static class NllCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "A VAE, PixelCNN or flow under models/, or a run folder." };
        var samples = Cli.Ranged("--samples", "Importance samples per image (the IWAE bound's K; VAE only).", 1, 100_000, 1000);
        var limit = Cli.Ranged<int>("--limit", "Only the first N test images.", 1, 1_000_000);
        var seed = new Option<long>("--seed") { Description = "Seed of the binarization and the importance samples (VAE) or of the dequantization (flow).", DefaultValueFactory = _ => 0 };
        var draws = Cli.Ranged("--draws", "Flows: dequantization draws to average over.", 1, 1000, 1);
        var prior = SampleCommand.PriorOption();
        var command = new Command("nll", "The test-set negative log-likelihood (nats per image, bits/dim): IWAE bound for a VAE, exact for a PixelCNN or flow.") { model, samples, limit, seed, draws, prior };
        command.SetAction(parse =>
        {
            var location = ModelStore.Resolve(parse.GetValue(model)!);
            bool fittedPrior = VaePipeline.UsesFittedPrior(parse.GetValue(prior), location);      // refuses --prior for other families
            int? n = parse.GetResult(limit) is null ? null : parse.GetValue(limit);
            long usedSeed = parse.GetValue(seed);
            using var generative = GenerativeModels.Open(location, fittedPrior: fittedPrior);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var settings = new LikelihoodSettings(parse.GetValue(samples), parse.GetValue(draws));
            var nll = WorkProgress.Run("test likelihood", progress => generative.TestNll(n, usedSeed, p => progress?.Report(p), settings))
                      ?? throw new PigmentException($"Model '{location.Name}' is a '{location.Family}' model, which has no likelihood here; 'nll' measures VAEs, PixelCNNs and flows.");
            string images = n is null ? $"all {nll.Images}" : $"the first {nll.Images}";
            if (nll.ConditionalNatsPerImage is { } conditional)
                Cli.Line($"{location.Name}: test NLL −log p(x | y) = {conditional:0.00} nats per image ({conditional / nll.Dimensions / Math.Log(2):0.0000} bits/dim), conditioned on the true class");
            Cli.Line($"{location.Name}: test NLL{(nll.ConditionalNatsPerImage is null ? "" : " −log p(x)")} = {nll.NatsPerImage:0.00} nats per image ({nll.BitsPerDim:0.0000} bits/dim), " +
                     $"{nll.Estimate}, {images} test images, {nll.Data} data, seed {usedSeed} ({clock.Elapsed.TotalSeconds:0.0} s)");
            return 0;
        });
        return command;
    }
}
