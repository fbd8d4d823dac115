using System.CommandLine;
using Pigment.Core.Diffusion;
using Pigment.Models.Diffusion;
using Pigment.Pipelines;
using Pigment.Training;
using Spectre.Console;

namespace Pigment.Cli.Commands;

/// <summary><c>pigment train ddpm …</c>: trains a model family into a run folder, resumably.</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "The training data: mnist, shapes, folder:PATH …", Required = true };
        var conditional = new Option<bool>("--conditional") { Description = "Condition on class labels (with label dropout for classifier-free guidance)." };
        var steps = Cli.Ranged("--steps", "Optimizer steps.", 1, 10_000_000, 12_000);
        var batch = Cli.Ranged("--batch", "Batch size.", 1, 4096, 64);
        var lr = Cli.Ranged("--lr", "Peak learning rate (AdamW).", 1e-7, 1.0, 5e-4);
        var seed = new Option<long>("--seed") { Description = "Seed of the whole run (data order, noise, dropout).", DefaultValueFactory = _ => 0 };
        var channels = Cli.Ranged("--base-channels", "UNet width at full resolution.", 8, 512, 32);
        var schedule = new Option<BetaSchedule>("--schedule") { Description = "Beta schedule: cosine or linear.", DefaultValueFactory = _ => BetaSchedule.Cosine };
        var prediction = new Option<PredictionType>("--prediction") { Description = "What the UNet predicts: epsilon or velocity.", DefaultValueFactory = _ => PredictionType.Epsilon };
        var ema = Cli.Ranged("--ema", "EMA decay of the weights to sample with.", 0.0, 0.99999, 0.999);
        var sampleEvery = Cli.Ranged("--sample-every", "Write a sample grid every N steps (0 = never).", 0, 10_000_000, 1000);
        var checkpointEvery = Cli.Ranged("--checkpoint-every", "Checkpoint every N steps.", 1, 10_000_000, 500);
        var output = new Option<string>("--out") { Description = "The run folder, e.g. runs/ddpm-mnist.", Required = true };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its last checkpoint." };

        var ddpm = new Command("ddpm", "Train a denoising diffusion model (UNet, L_simple).")
        {
            dataset, conditional, steps, batch, lr, seed, channels, schedule, prediction, ema, sampleEvery, checkpointEvery, output, resume,
        };
        ddpm.SetAction(parse =>
        {
            var options = new TrainerOptions
            {
                Steps = parse.GetValue(steps),
                BatchSize = parse.GetValue(batch),
                LearningRate = parse.GetValue(lr),
                Seed = parse.GetValue(seed),
                EmaDecay = parse.GetValue(ema),
                SampleEvery = parse.GetValue(sampleEvery),
                CheckpointEvery = parse.GetValue(checkpointEvery),
                WarmupSteps = Math.Min(500, parse.GetValue(steps) / 10),
            };
            var run = new RunFolder(parse.GetValue(output)!);
            var request = new DiffusionTrainingRequest(parse.GetValue(dataset)!, parse.GetValue(conditional), parse.GetValue(channels),
                parse.GetValue(schedule), parse.GetValue(prediction));
            var trainer = DiffusionTraining.Create(request, options, run, parse.GetValue(resume));
            return RunTrainer(trainer, run, options, parse.GetValue(resume));
        });
        return new Command("train", "Train a model.") { ddpm, CreateClassifier() };
    }

    private static Command CreateClassifier()
    {
        var dataset = new Option<string>("--dataset") { Description = "A labelled dataset, e.g. mnist.", Required = true };
        var steps = Cli.Ranged("--steps", "Optimizer steps.", 1, 10_000_000, 1500);
        var batch = Cli.Ranged("--batch", "Batch size.", 1, 4096, 128);
        var lr = Cli.Ranged("--lr", "Peak learning rate (AdamW).", 1e-7, 1.0, 2e-3);
        var seed = new Option<long>("--seed") { Description = "Seed of the run.", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out") { Description = "The run folder, e.g. runs/classifier-mnist.", Required = true };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its last checkpoint." };
        var command = new Command("classifier", "Train the evaluation classifier (features for classifier-FID, judge of samples).")
        {
            dataset, steps, batch, lr, seed, output, resume,
        };
        command.SetAction(parse =>
        {
            var options = new TrainerOptions
            {
                Steps = parse.GetValue(steps),
                BatchSize = parse.GetValue(batch),
                LearningRate = parse.GetValue(lr),
                Seed = parse.GetValue(seed),
                WeightDecay = 1e-4,
                WarmupSteps = Math.Min(100, parse.GetValue(steps) / 10),
                MinLearningRateFraction = 0.01,
                SampleEvery = 0,
                CheckpointEvery = 500,
            };
            var run = new RunFolder(parse.GetValue(output)!);
            var trainer = ClassifierTraining.Create(parse.GetValue(dataset)!, options, run, parse.GetValue(resume));
            int code = RunTrainer(trainer, run, options, parse.GetValue(resume));
            if (code == 0)
                Cli.Line($"test accuracy: {ClassifierTraining.TestAccuracy(run.Path):P2}");
            return code;
        });
        return command;
    }

    /// <summary>Runs a trainer with a progress bar (or plain lines when not on a terminal) and Ctrl+C/SIGTERM handling.</summary>
    public static int RunTrainer(Trainer trainer, RunFolder run, TrainerOptions options, bool resume)
    {
        using var interruption = new Interruption();
        Cli.Line($"training into {run.Path} ({(resume ? "resuming" : "new run")}, {options.Steps} steps, batch {options.BatchSize}, seed {options.Seed})");
        TrainingOutcome outcome;
        if (AnsiConsole.Profile.Capabilities.Interactive)
        {
            outcome = TrainingOutcome.Completed;
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask("training", maxValue: options.Steps);
                    trainer.StepCompleted += p =>
                    {
                        task.Value = p.Step;
                        task.Description = $"step {p.Step}/{p.TotalSteps} loss {p.SmoothedLoss:0.0000} lr {p.LearningRate:0.0e0} {p.ImagesPerSecond:0} img/s";
                    };
                    outcome = trainer.Run(resume, interruption.Token);
                });
        }
        else
        {
            trainer.StepCompleted += p =>
            {
                if (p.Step % 100 == 0 || p.Step == p.TotalSteps)
                    Cli.Line($"step {p.Step}/{p.TotalSteps} loss {p.SmoothedLoss:0.0000} lr {p.LearningRate:0.0e0} {p.ImagesPerSecond:0} img/s elapsed {p.Elapsed:hh\\:mm\\:ss} eta {p.Remaining:hh\\:mm\\:ss}");
            };
            outcome = trainer.Run(resume, interruption.Token);
        }
        Cli.Line(outcome == TrainingOutcome.Completed
            ? $"done: weights in {run.WeightsFile}"
            : $"stopped and checkpointed; continue with the same command plus --resume");
        return outcome == TrainingOutcome.Completed ? 0 : 130;
    }
}
