using System.CommandLine;
using Pigment.Training;

namespace Pigment.Cli.Commands;

/// <summary>The options every <c>pigment train FAMILY</c> command shares, with per-family defaults.</summary>
public sealed class TrainingCliOptions
{
    public TrainingCliOptions(string datasetHelp, int steps, int batch, double lr, string exampleOut)
    {
        Dataset = new Option<string>("--dataset") { Description = datasetHelp, Required = true };
        Steps = Cli.Ranged("--steps", "Optimizer steps.", 1, 10_000_000, steps);
        Batch = Cli.Ranged("--batch", "Batch size.", 1, 4096, batch);
        LearningRate = Cli.Ranged("--lr", "Peak learning rate (AdamW).", 1e-7, 1.0, lr);
        Seed = new Option<long>("--seed") { Description = "Seed of the whole run (data order, noise, dropout).", DefaultValueFactory = _ => 0 };
        Output = new Option<string>("--out") { Description = $"The run folder, e.g. {exampleOut}.", Required = true };
        Resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its last checkpoint." };
    }

    public Option<string> Dataset { get; }

    public Option<int> Steps { get; }

    public Option<int> Batch { get; }

    public Option<double> LearningRate { get; }

    public Option<long> Seed { get; }

    public Option<string> Output { get; }

    public Option<bool> Resume { get; }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Dataset, Steps, Batch, LearningRate, Seed, Output, Resume })
            command.Options.Add(option);
    }

    /// <summary>The family's trainer defaults with the shared options filled in.</summary>
    public TrainerOptions Read(ParseResult parse, TrainerOptions defaults) => defaults with
    {
        Steps = parse.GetValue(Steps),
        BatchSize = parse.GetValue(Batch),
        LearningRate = parse.GetValue(LearningRate),
        Seed = parse.GetValue(Seed),
    };

    public RunFolder Run(ParseResult parse) => new(parse.GetValue(Output)!);

    /// <summary>--ema, for the families that let it be chosen.</summary>
    public static Option<double> Ema(double defaultDecay, string weights = "weights") =>
        Cli.Ranged("--ema", $"EMA decay of the {weights} to sample with (0 = none).", 0.0, 0.99999, defaultDecay);

    /// <summary>--sample-every, for the families that let it be chosen.</summary>
    public static Option<int> SampleEvery(int defaultEvery, string? cost = null) =>
        Cli.Ranged("--sample-every", $"Write a sample grid every N steps (0 = never{(cost is null ? "" : "; " + cost)}).", 0, 10_000_000, defaultEvery);

    /// <summary>--critic-steps, for the GANs that let it be chosen.</summary>
    public static Option<int> CriticSteps(int defaultSteps) =>
        Cli.Ranged("--critic-steps", "Discriminator steps per generator step, each on its own batch.", 1, 10, defaultSteps);

    /// <summary>--critic-lr-scale, for the GANs that let it be chosen: the two time-scale update rule.</summary>
    public static Option<double> CriticLearningRateScale(double defaultScale) =>
        Cli.Ranged("--critic-lr-scale", "The discriminator's learning rate as a multiple of --lr (two time-scale updates).", 0.01, 100.0, defaultScale);

    /// <summary>--checkpoint-every, for the families that let it be chosen.</summary>
    public static Option<int> CheckpointEvery(int defaultEvery) =>
        Cli.Ranged("--checkpoint-every", "Checkpoint every N steps.", 1, 10_000_000, defaultEvery);
}
