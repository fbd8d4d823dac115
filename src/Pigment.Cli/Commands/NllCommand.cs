using System.CommandLine;
using Pigment.Core;
using Pigment.Models.Flow;
using Pigment.Models.PixelCnn;
using Pigment.Models.Vae;
using Pigment.Pipelines;

namespace Pigment.Cli.Commands;

/// <summary><c>pigment nll MODEL</c>: the test-set negative log-likelihood of a likelihood-based model.</summary>
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
            if (location.Family == FlowObjective.FamilyName)
                return FlowNll(location, parse.GetResult(limit) is null ? null : parse.GetValue(limit), parse.GetValue(seed), parse.GetValue(draws));
            if (location.Family == PixelCnnObjective.FamilyName)
                return PixelCnn(location, parse.GetResult(limit) is null ? null : parse.GetValue(limit), parse.GetValue(seed));
            if (location.Family != VaeObjective.FamilyName)
                throw new PigmentException($"Model '{location.Name}' is a '{location.Family}' model; 'nll' measures VAEs, PixelCNNs and flows.");
            using var pipeline = VaePipeline.Load(location, fittedPrior);
            int k = parse.GetValue(samples);
            int? n = parse.GetResult(limit) is null ? null : parse.GetValue(limit);
            double nll = WorkProgress.Run("importance sampling", progress =>
                pipeline.TestNll(k, n, parse.GetValue(seed), (done, total) => progress?.Report(done / (double)total)));
            var dims = pipeline.Vae.Config.ImageSize * pipeline.Vae.Config.ImageSize * pipeline.Vae.Config.InChannels;
            Cli.Line($"{location.Name}: test NLL ≈ {nll:0.00} nats per image ({nll / dims / Math.Log(2):0.0000} bits/dim), IWAE bound with K = {k}, " +
                     $"{(n is null ? "all" : $"the first {n}")} test images, {pipeline.Vae.Config.Likelihood.ToString().ToLowerInvariant()} likelihood, prior {pipeline.PriorDescription}, seed {parse.GetValue(seed)}");
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

    /// <summary>The exact NLL of an autoregressive model: one network pass per image (per class for the marginal).</summary>
    private static int PixelCnn(ModelStore.ModelLocation location, int? n, long seed)
    {
        using var pipeline = PixelCnnPipeline.Load(location);
        var nll = WorkProgress.Run("exact likelihood", progress =>
            pipeline.TestNll(n, seed, (done, total) => progress?.Report(done / (double)total)));
        Cli.Line($"{location.Name}: Gated PixelCNN, {pipeline.Config.Layers} layers of {pipeline.Config.Channels} channels, {pipeline.ParameterCount:N0} parameters, " +
                 (pipeline.Network.Conditional ? $"conditional on {pipeline.Config.NumClasses} classes" : "unconditional"));
        string images = n is null ? $"all {nll.Images}" : $"the first {nll.Images}";
        string data = pipeline.Config.Output == PixelCnnOutput.Bernoulli ? $"binarized once with seed {seed}" : "8-bit values";
        if (pipeline.Network.Conditional)
        {
            Cli.Line($"{location.Name}: test NLL −log p(x | y) = {nll.Nats:0.00} nats per image ({nll.BitsPerDim(nll.Nats):0.0000} bits/dim), conditioned on the true class; exact, {images} test images, {data}");
            Cli.Line($"{location.Name}: test NLL −log p(x) = {nll.MarginalNats:0.00} nats per image ({nll.BitsPerDim(nll.MarginalNats!.Value):0.0000} bits/dim), marginal over the {pipeline.Config.NumClasses} classes with a uniform prior, −log Σ_y p(y) p(x | y); exact");
        }
        else
        {
            Cli.Line($"{location.Name}: test NLL −log p(x) = {nll.Nats:0.00} nats per image ({nll.BitsPerDim(nll.Nats):0.0000} bits/dim); exact, {images} test images, {data}");
        }
        return 0;
    }
}
