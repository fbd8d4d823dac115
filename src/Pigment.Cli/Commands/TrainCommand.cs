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
    public static Command Create() => new("train", $"Train a model: a family and its options, or --preset NAME ({string.Join(", ", TrainingPresets.All.Select(p => p.Name))}) with any options to change.")
    {
        CreateDdpm(), CreateVae(), CreateGan(), CreateProGan(), CreateStyleGan(), CreateBigGan(), CreateStackGan(), CreateFlow(), CreatePixelCnn(), CreateClassifier(), CreateAutoencoder(), CreateClip(), CreateLatentDiffusion(),
    };

    /// <summary>`train --preset NAME [options]` → `train FAMILY [preset options, overridden by the given ones]`.</summary>
    public static string[] ExpandPreset(string[] args)
    {
        if (args.Length < 2 || args[0] != "train" || args[1] != "--preset")
            return args;
        if (args.Length < 3)
            throw new Pigment.Core.PigmentException($"--preset needs a name: {string.Join(", ", TrainingPresets.All.Select(p => p.Name))}.");
        var preset = TrainingPresets.Find(args[2]);
        return ["train", .. TrainingPresets.Expand(preset, args[3..])];
    }

    private static Command CreateAutoencoder()
    {
        var common = new TrainingCliOptions("The training data, e.g. shapes:sd.", steps: 3000, batch: 32, lr: 1e-3, "runs/sd-shapes-autoencoder");
        var width = Cli.Ranged("--width", "Channels at full resolution (doubled at the lower levels).", 8, 512, 32);
        var levels = Cli.Ranged("--levels", "3: latents a quarter of the image's side (64 → 16); 4: an eighth (64 → 8).", 3, 4, 3);
        var latentChannels = Cli.Ranged("--latent-channels", "Channels of the latent grid (SD: 4).", 1, 64, 4);
        var command = new Command("autoencoder", "Train a KL autoencoder to a latent space (L1 + β·KL, as SD's AutoencoderKL).") { width, levels, latentChannels };
        common.AddTo(command);
        command.SetAction(parse =>
        {
            var options = common.Read(parse, AutoencoderTraining.Recipe(parse.GetValue(common.Steps)));
            var run = common.Run(parse);
            var trainer = AutoencoderTraining.Create(parse.GetValue(common.Dataset)!, parse.GetValue(width), parse.GetValue(levels),
                parse.GetValue(latentChannels), options, run, parse.GetValue(common.Resume));
            return RunTrainer(trainer, run, options, parse.GetValue(common.Resume));
        });
        return command;
    }

    private static Command CreateClip()
    {
        var common = new TrainingCliOptions("The captioned training data: shapes:sd.", steps: 3000, batch: 128, lr: 5e-4, "runs/sd-shapes-clip");
        var width = Cli.Ranged("--width", "Features of the text transformer and of the joint space.", 16, 1024, 128);
        var layers = Cli.Ranged("--layers", "Transformer blocks of the text tower.", 1, 24, 4);
        var command = new Command("clip", "Train a small CLIP (text and image towers, InfoNCE with hard negatives): the text encoder of text-to-image.") { width, layers };
        common.AddTo(command);
        command.SetAction(parse =>
        {
            var options = common.Read(parse, ClipTraining.Recipe(parse.GetValue(common.Steps)));
            var run = common.Run(parse);
            var trainer = ClipTraining.Create(parse.GetValue(common.Dataset)!, parse.GetValue(width), parse.GetValue(layers), options, run, parse.GetValue(common.Resume));
            return RunTrainer(trainer, run, options, parse.GetValue(common.Resume));
        });
        return command;
    }

    private static Command CreateLatentDiffusion()
    {
        var common = new TrainingCliOptions("The captioned training data: shapes:sd.", steps: 8000, batch: 64, lr: 3e-4, "runs/sd-shapes-unet");
        var autoencoder = new Option<string>("--autoencoder") { Description = "The trained autoencoder's folder (config.json, model.safetensors).", Required = true };
        var textEncoder = new Option<string>("--text-encoder") { Description = "The trained CLIP's folder (config.json, model.safetensors).", Required = true };
        var width = Cli.Ranged("--width", "UNet channels at the latents' resolution (times each level's multiplier).", 16, 1024, 32);
        var multipliers = new Option<string>("--multipliers") { Description = "Channel multiplier of each level, e.g. 1,2,4 (one level per halving of the latents).", DefaultValueFactory = _ => "1,2,4" };
        var resBlocks = Cli.Ranged("--res-blocks", "ResNet blocks (each with its transformer block) per level.", 1, 8, 1);
        var prediction = new Option<PredictionType>("--prediction") { Description = "What the UNet predicts: epsilon or velocity.", DefaultValueFactory = _ => PredictionType.Velocity };
        var words = new Option<bool>("--word-embeddings") { Description = "Cross-attention reads each word's own embedding beside its contextual state." };
        var initFrom = new Option<string>("--init-from") { Description = "Start from a trained UNet's folder (its shape, prediction and latent scale; new word-embedding inputs start at zero)." };
        var snrGamma = Cli.Ranged("--snr-gamma", "Min-SNR-γ loss weighting (Hang et al. 2023; the paper uses 5): each step's x₀ error counts min(SNR, γ) times. 0 = plain MSE.", 0.0, 1000.0, 0.0);
        var command = new Command("ldm", "Train the text-conditioned latent denoiser (cross-attention UNet; autoencoder and text encoder frozen).")
        {
            autoencoder, textEncoder, width, multipliers, resBlocks, prediction, words, initFrom, snrGamma,
        };
        common.AddTo(command);
        command.SetAction(parse =>
        {
            var levels = Cli.IntList("--multipliers", parse.GetValue(multipliers)!);
            var options = common.Read(parse, Pigment.Pipelines.TextToImage.LatentDiffusionTraining.Recipe(parse.GetValue(common.Steps)));
            var run = common.Run(parse);
            var request = new Pigment.Pipelines.TextToImage.LatentDiffusionTrainingRequest(parse.GetValue(common.Dataset)!, parse.GetValue(autoencoder)!,
                parse.GetValue(textEncoder)!, parse.GetValue(width), parse.GetValue(prediction), levels, parse.GetValue(resBlocks),
                parse.GetValue(words), parse.GetValue(initFrom), parse.GetValue(snrGamma) is var gamma && gamma > 0 ? gamma : (double?)null);
            var trainer = Pigment.Pipelines.TextToImage.LatentDiffusionTraining.Create(request, options, run, parse.GetValue(common.Resume));
            return RunTrainer(trainer, run, options, parse.GetValue(common.Resume));
        });
        return command;
    }

    private static Command CreateVae()
    {
        var common = new TrainingCliOptions("The training data, e.g. mnist.", steps: 10_000, batch: 128, lr: 1e-3, "runs/vae-mnist");
        var likelihood = new Option<Pigment.Models.Vae.VaeLikelihood>("--likelihood") { Description = "Decoder likelihood: bernoulli (binarized digits) or gaussian.", DefaultValueFactory = _ => Pigment.Models.Vae.VaeLikelihood.Bernoulli };
        var latent = Cli.Ranged("--latent", "Latent dimensions.", 1, 1024, 32);
        var width = Cli.Ranged("--width", "Channels of the first convolution (the second has twice as many).", 4, 512, 32);
        var command = new Command("vae", "Train a variational autoencoder (−ELBO, reparameterization).") { likelihood, latent, width };
        common.AddTo(command);
        command.SetAction(parse =>
        {
            var options = common.Read(parse, VaeTraining.Recipe(parse.GetValue(common.Steps)));
            var run = common.Run(parse);
            var trainer = VaeTraining.Create(parse.GetValue(common.Dataset)!, parse.GetValue(likelihood), parse.GetValue(latent), parse.GetValue(width), options, run, parse.GetValue(common.Resume));
            return RunTrainer(trainer, run, options, parse.GetValue(common.Resume));
        });
        return command;
    }

    private static Command CreateGan()
    {
        var common = new TrainingCliOptions("The training data, e.g. mnist.", steps: 6000, batch: 64, lr: 2e-4, "runs/gan-mnist");
        var conditional = new Option<bool>("--conditional") { Description = "Class-conditional: a label embedding in G, a projection discriminator." };
        var loss = new Option<Pigment.Models.Gan.GanLossKind>("--loss") { Description = "The game: non-saturating (default), minimax or hinge.", DefaultValueFactory = _ => Pigment.Models.Gan.GanLossKind.NonSaturating };
        var spectral = new Option<bool>("--spectral-norm") { Description = "Spectrally normalise the discriminator's convolutions." };
        var width = Cli.Ranged("--width", "Channels of G's last hidden layer and D's first.", 8, 512, 64);
        var latent = Cli.Ranged("--latent", "Latent dimensions of z.", 1, 1024, 64);
        var ema = TrainingCliOptions.Ema(0.999, "generator weights");
        var monitorEvery = Cli.Ranged("--monitor-every", "Classify samples every N steps to watch for mode collapse (0 = never).", 0, 10_000_000, 250);
        var flip = new Option<bool>("--flip") { Description = "Mirror training images left–right at random (more data for small sets, e.g. emoji)." };
        var command = new Command("gan", "Train a DCGAN (generator against discriminator).") { conditional, loss, spectral, width, latent, ema, monitorEvery, flip };
        common.AddTo(command);
        command.SetAction(parse =>
        {
            var options = common.Read(parse, GanTraining.Recipe(parse.GetValue(common.Steps)) with
            {
                EmaDecay = parse.GetValue(ema),
                MonitorEvery = parse.GetValue(monitorEvery),
            });
            var run = common.Run(parse);
            var request = new GanTrainingRequest(parse.GetValue(common.Dataset)!, parse.GetValue(conditional), parse.GetValue(loss),
                parse.GetValue(spectral), parse.GetValue(width), parse.GetValue(latent), parse.GetValue(flip));
            var trainer = GanTraining.Create(request, options, run, parse.GetValue(common.Resume));
            return RunTrainer(trainer, run, options, parse.GetValue(common.Resume));
        });
        return command;
    }

    private static Command CreateProGan()
    {
        var common = new TrainingCliOptions("The training data, e.g. emoji (square, 4·2^k pixels).", steps: 4500, batch: 32, lr: 1e-3, "runs/progan-emoji");
        var widths = new Option<string>("--widths") { Description = "Channels at each resolution from 4×4 up, e.g. 128,128,64,32,16 for 64×64.", DefaultValueFactory = _ => "128,128,64,32,16" };
        var latent = Cli.Ranged("--latent", "Latent dimensions of z.", 1, 1024, 128);
        var phase = Cli.Ranged("--phase-steps", "Steps of each phase: 4×4 trains for one; every later resolution fades in over one and trains alone for one.", 1, 1_000_000, 500);
        var r1 = Cli.Ranged("--r1", "Weight γ of the R1 penalty on real images.", 0.0, 1000.0, 1.0);
        var flip = new Option<bool>("--flip") { Description = "Mirror training images left–right at random." };
        var noGrow = new Option<bool>("--no-grow") { Description = "Train the whole network at the final resolution from the start (the baseline for what growing buys)." };
        var command = new Command("progan", "Train a Progressive GAN: growing from 4×4, each resolution faded in (Karras et al. 2018).") { widths, latent, phase, r1, flip, noGrow };
        common.AddTo(command);
        command.SetAction(parse =>
        {
            var options = common.Read(parse, ProGanTraining.Recipe());
            var run = common.Run(parse);
            var request = new ProGanTrainingRequest(parse.GetValue(common.Dataset)!, Cli.IntList("--widths", parse.GetValue(widths)!),
                parse.GetValue(latent), parse.GetValue(phase), parse.GetValue(r1), parse.GetValue(flip), !parse.GetValue(noGrow));
            var trainer = ProGanTraining.Create(request, options, run, parse.GetValue(common.Resume));
            return RunTrainer(trainer, run, options, parse.GetValue(common.Resume));
        });
        return command;
    }

    private static Command CreateStyleGan()
    {
        var common = new TrainingCliOptions("The training data, e.g. emoji (square, 4·2^k pixels).", steps: 4000, batch: 32, lr: 2e-3, "runs/stylegan-emoji");
        var widths = new Option<string>("--widths") { Description = "Channels at each resolution from 4×4 up, e.g. 128,128,64,32,16 for 64×64.", DefaultValueFactory = _ => "128,128,64,32,16" };
        var latent = Cli.Ranged("--latent", "Dimensions of z and w.", 1, 1024, 128);
        var mappingLayers = Cli.Ranged("--mapping-layers", "Layers of the mapping network z → w.", 1, 16, 4);
        var mixing = Cli.Ranged("--style-mixing", "Share of batches trained with two w's switched at a random layer.", 0.0, 1.0, 0.9);
        var r1 = Cli.Ranged("--r1", "Weight γ of the R1 penalty on real images.", 0.0, 1000.0, 1.0);
        var flip = new Option<bool>("--flip") { Description = "Mirror training images left–right at random." };
        var command = new Command("stylegan", "Train a StyleGAN (mapping network, modulated convolutions, noise inputs, style mixing, R1).") { widths, latent, mappingLayers, mixing, r1, flip };
        common.AddTo(command);
        command.SetAction(parse =>
        {
            var options = common.Read(parse, StyleGanTraining.Recipe());
            var run = common.Run(parse);
            var request = new StyleGanTrainingRequest(parse.GetValue(common.Dataset)!, Cli.IntList("--widths", parse.GetValue(widths)!),
                parse.GetValue(latent), parse.GetValue(mappingLayers), parse.GetValue(mixing), parse.GetValue(r1), parse.GetValue(flip));
            var trainer = StyleGanTraining.Create(request, options, run, parse.GetValue(common.Resume));
            return RunTrainer(trainer, run, options, parse.GetValue(common.Resume));
        });
        return command;
    }

    private static Command CreateBigGan()
    {
        var recipe = BigGanTraining.Recipe();
        var common = new TrainingCliOptions("A labelled dataset, e.g. emoji (square, 4·2^k pixels).", steps: 3000, batch: 32, lr: 1e-4, "runs/biggan-emoji");
        var criticSteps = TrainingCliOptions.CriticSteps(recipe.CriticSteps);
        var criticScale = TrainingCliOptions.CriticLearningRateScale(recipe.CriticLearningRateScale);
        var widths = new Option<string>("--widths") { Description = "Channels at each resolution from 4×4 up, e.g. 128,128,64,32,16 for 64×64.", DefaultValueFactory = _ => "128,128,64,32,16" };
        var latent = Cli.Ranged("--latent", "Dimensions of z (split into one chunk per block plus one).", 1, 1024, 100);
        var embed = Cli.Ranged("--class-embed", "Dimensions of the shared class embedding.", 1, 1024, 64);
        var attention = Cli.Ranged("--attention", "The resolution of the self-attention block.", 4, 1024, 32);
        var orthogonal = Cli.Ranged("--orthogonal", "β of the orthogonal regularisation of G's weights.", 0.0, 1.0, 1e-4);
        var flip = new Option<bool>("--flip") { Description = "Mirror training images left–right at random." };
        var command = new Command("biggan", "Train a class-conditional BigGAN (shared embedding, hierarchical z, projection D, spectral norm, hinge, self-attention, orthogonal regularisation).")
        {
            widths, latent, embed, attention, orthogonal, flip, criticSteps, criticScale,
        };
        common.AddTo(command);
        command.SetAction(parse =>
        {
            var options = common.Read(parse, recipe with { CriticSteps = parse.GetValue(criticSteps), CriticLearningRateScale = parse.GetValue(criticScale) });
            var run = common.Run(parse);
            var request = new BigGanTrainingRequest(parse.GetValue(common.Dataset)!, Cli.IntList("--widths", parse.GetValue(widths)!), parse.GetValue(latent),
                parse.GetValue(embed), parse.GetValue(attention), parse.GetValue(orthogonal), parse.GetValue(flip));
            var trainer = BigGanTraining.Create(request, options, run, parse.GetValue(common.Resume));
            return RunTrainer(trainer, run, options, parse.GetValue(common.Resume));
        });
        return command;
    }

    private static Command CreateStackGan()
    {
        var common = new TrainingCliOptions("A captioned dataset, e.g. shapes:sd (64×64 scenes).", steps: 3000, batch: 64, lr: 2e-4, "runs/stackgan-stage1");
        var stage = Cli.Ranged("--stage", "1: sketches from text (half size); 2: full size from the sketches of a trained Stage I.", 1, 2, 1);
        var textEncoder = new Option<string>("--text-encoder") { Description = "The trained CLIP whose pooled text embedding conditions both stages (frozen).", DefaultValueFactory = _ => "models/sd-shapes/text_encoder" };
        var stage1 = new Option<string>("--stage1") { Description = "Stage II: the trained Stage I's folder (frozen)." };
        var width = Cli.Ranged("--width", "Generator base width (Stage I starts at 8·w channels, Stage II works at 2·w).", 4, 512, 32);
        var dWidth = Cli.Ranged("--d-width", "Discriminator channels at its first layer (doubled at each halving).", 4, 512, 32);
        var latent = Cli.Ranged("--latent", "Dimensions of z (Stage I).", 1, 1024, 64);
        var condition = Cli.Ranged("--condition", "Dimensions of the augmented text condition ĉ.", 1, 1024, 64);
        var kl = Cli.Ranged("--kl", "λ of the conditioning augmentation's KL term.", 0.0, 100.0, 1.0);
        var command = new Command("stackgan", "Train one StackGAN stage (conditioning augmentation, matching-aware discriminator): Stage I, then Stage II on it.")
        {
            stage, textEncoder, stage1, width, dWidth, latent, condition, kl,
        };
        common.AddTo(command);
        command.SetAction(parse =>
        {
            var options = common.Read(parse, StackGanTraining.Recipe());
            var run = common.Run(parse);
            var request = new StackGanTrainingRequest(parse.GetValue(common.Dataset)!, parse.GetValue(stage), parse.GetValue(textEncoder)!, parse.GetValue(stage1),
                parse.GetValue(width), parse.GetValue(dWidth), parse.GetValue(latent), parse.GetValue(condition), parse.GetValue(kl));
            var trainer = StackGanTraining.Create(request, options, run, parse.GetValue(common.Resume));
            return RunTrainer(trainer, run, options, parse.GetValue(common.Resume));
        });
        return command;
    }

    private static Command CreateFlow()
    {
        var common = new TrainingCliOptions("The training data, e.g. mnist.", steps: 3000, batch: 64, lr: 1e-3, "runs/flow-mnist");
        var conditional = new Option<bool>("--conditional") { Description = "Class-conditional priors (a learned per-class mean and log σ for every latent)." };
        var levels = Cli.Ranged("--levels", "Scales of the multi-scale architecture.", 1, 8, 3);
        var stepsPerLevel = Cli.Ranged("--steps-per-level", "Flow steps (actnorm, 1×1 conv, coupling) per level.", 1, 64, 8);
        var hidden = Cli.Ranged("--hidden", "Hidden channels of each coupling network.", 4, 1024, 96);
        var ema = TrainingCliOptions.Ema(0.999);
        var checkpointEvery = TrainingCliOptions.CheckpointEvery(250);
        var command = new Command("flow", "Train a Glow-style normalizing flow (exact likelihood, bits/dim).")
        {
            conditional, levels, stepsPerLevel, hidden, ema, checkpointEvery,
        };
        common.AddTo(command);
        command.SetAction(parse =>
        {
            var options = common.Read(parse, FlowTraining.Recipe(parse.GetValue(common.Steps)) with
            {
                EmaDecay = parse.GetValue(ema),
                CheckpointEvery = parse.GetValue(checkpointEvery),
            });
            var run = common.Run(parse);
            var request = new FlowTrainingRequest(parse.GetValue(common.Dataset)!, parse.GetValue(conditional), parse.GetValue(levels),
                parse.GetValue(stepsPerLevel), parse.GetValue(hidden));
            var trainer = FlowTraining.Create(request, options, run, parse.GetValue(common.Resume));
            return RunTrainer(trainer, run, options, parse.GetValue(common.Resume));
        });
        return command;
    }

    private static Command CreatePixelCnn()
    {
        var common = new TrainingCliOptions("The training data, e.g. mnist.", steps: 3000, batch: 64, lr: 1e-3, "runs/pixelcnn-mnist");
        var conditional = new Option<bool>("--conditional") { Description = "Condition on class labels (a label embedding inside every gate)." };
        var output = new Option<Pigment.Models.PixelCnn.PixelCnnOutput>("--output") { Description = "bernoulli (binarized digits, NLL in nats) or categorical (256-way softmax, bits/dim).", DefaultValueFactory = _ => Pigment.Models.PixelCnn.PixelCnnOutput.Bernoulli };
        var channels = Cli.Ranged("--channels", "Feature maps of each stack.", 4, 512, 48);
        var layers = Cli.Ranged("--layers", "Gated layers.", 1, 64, 10);
        var ema = TrainingCliOptions.Ema(0.0);
        var sampleEvery = TrainingCliOptions.SampleEvery(1000, "each costs one pass per pixel");
        var checkpointEvery = TrainingCliOptions.CheckpointEvery(250);
        var command = new Command("pixelcnn", "Train a Gated PixelCNN (exact likelihood, raster-order autoregressive).")
        {
            conditional, output, channels, layers, ema, sampleEvery, checkpointEvery,
        };
        common.AddTo(command);
        command.SetAction(parse =>
        {
            var options = common.Read(parse, PixelCnnTraining.Recipe(parse.GetValue(common.Steps)) with
            {
                EmaDecay = parse.GetValue(ema),
                SampleEvery = parse.GetValue(sampleEvery),
                CheckpointEvery = parse.GetValue(checkpointEvery),
            });
            var run = common.Run(parse);
            var request = new PixelCnnTrainingRequest(parse.GetValue(common.Dataset)!, parse.GetValue(conditional), parse.GetValue(output),
                parse.GetValue(channels), parse.GetValue(layers));
            var trainer = PixelCnnTraining.Create(request, options, run, parse.GetValue(common.Resume));
            return RunTrainer(trainer, run, options, parse.GetValue(common.Resume));
        });
        return command;
    }

    private static Command CreateDdpm()
    {
        var common = new TrainingCliOptions("The training data: mnist, shapes, folder:PATH …", steps: 10_000, batch: 64, lr: 5e-4, "runs/ddpm-mnist");
        var conditional = new Option<bool>("--conditional") { Description = "Condition on class labels (with label dropout for classifier-free guidance)." };
        var channels = Cli.Ranged("--base-channels", "UNet width at full resolution.", 8, 512, 32);
        var schedule = new Option<BetaSchedule>("--schedule") { Description = "Beta schedule: cosine or linear.", DefaultValueFactory = _ => BetaSchedule.Cosine };
        var prediction = new Option<PredictionType>("--prediction") { Description = "What the UNet predicts: epsilon or velocity.", DefaultValueFactory = _ => PredictionType.Epsilon };
        var timesteps = new Option<TimestepSampling>("--timesteps")
        {
            Description = "How noise levels are drawn: uniform in t, or lognormal in σ (Karras et al. 2022, ln σ ~ N(−0.8, 1.4²)).",
            DefaultValueFactory = _ => TimestepSampling.Uniform,
        };
        var dropout = Cli.Ranged("--dropout", "Dropout in the UNet's ResNet blocks.", 0.0, 0.9, 0.1);
        var ema = TrainingCliOptions.Ema(0.999);
        var sampleEvery = TrainingCliOptions.SampleEvery(1000);
        var checkpointEvery = TrainingCliOptions.CheckpointEvery(500);
        var command = new Command("ddpm", "Train a denoising diffusion model (UNet, L_simple).")
        {
            conditional, channels, schedule, prediction, timesteps, dropout, ema, sampleEvery, checkpointEvery,
        };
        common.AddTo(command);
        command.SetAction(parse =>
        {
            var options = common.Read(parse, DiffusionTraining.Recipe(parse.GetValue(common.Steps)) with
            {
                EmaDecay = parse.GetValue(ema),
                SampleEvery = parse.GetValue(sampleEvery),
                CheckpointEvery = parse.GetValue(checkpointEvery),
            });
            var run = common.Run(parse);
            var request = new DiffusionTrainingRequest(parse.GetValue(common.Dataset)!, parse.GetValue(conditional), parse.GetValue(channels),
                parse.GetValue(schedule), parse.GetValue(prediction), Timesteps: parse.GetValue(timesteps), Dropout: parse.GetValue(dropout));
            var trainer = DiffusionTraining.Create(request, options, run, parse.GetValue(common.Resume));
            return RunTrainer(trainer, run, options, parse.GetValue(common.Resume));
        });
        return command;
    }

    private static Command CreateClassifier()
    {
        var common = new TrainingCliOptions("A labelled dataset, e.g. mnist.", steps: 1500, batch: 128, lr: 2e-3, "runs/classifier-mnist");
        var width = Cli.Ranged("--width", "Channels of the first convolution stage (doubled at each further stage).", 4, 256, 32);
        var command = new Command("classifier", "Train the evaluation classifier (features for classifier-FID, judge of samples).") { width };
        common.AddTo(command);
        command.SetAction(parse =>
        {
            var options = common.Read(parse, ClassifierTraining.Recipe(parse.GetValue(common.Steps)));
            var run = common.Run(parse);
            var trainer = ClassifierTraining.Create(parse.GetValue(common.Dataset)!, options, run, parse.GetValue(common.Resume), parse.GetValue(width));
            int code = RunTrainer(trainer, run, options, parse.GetValue(common.Resume));
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
        bool interactive = AnsiConsole.Profile.Capabilities.Interactive;
        trainer.Monitored += (step, report) =>
        {
            if (interactive)
                AnsiConsole.WriteLine($"step {step}: {report.Text}");     // above the live progress bar
            else
                Cli.Line($"step {step}: {report.Text}");
        };
        TrainingOutcome outcome;
        if (interactive)
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
                        task.Description = $"step {p.Step}/{p.TotalSteps} loss {p.SmoothedLoss:0.0000}{Critic(p)} lr {p.LearningRate:0.0e0} {p.ImagesPerSecond:0} img/s";
                    };
                    outcome = trainer.Run(resume, interruption.Token);
                });
        }
        else
        {
            trainer.StepCompleted += p =>
            {
                if (p.Step % 100 == 0 || p.Step == p.TotalSteps)
                    Cli.Line($"step {p.Step}/{p.TotalSteps} loss {p.SmoothedLoss:0.0000}{Critic(p)} lr {p.LearningRate:0.0e0} {p.ImagesPerSecond:0} img/s elapsed {p.Elapsed:hh\\:mm\\:ss} eta {p.Remaining:hh\\:mm\\:ss}");
            };
            outcome = trainer.Run(resume, interruption.Token);
        }
        Cli.Line(outcome == TrainingOutcome.Completed
            ? $"done: weights in {run.WeightsFile}"
            : $"stopped and checkpointed; continue with the same command plus --resume");
        return outcome == TrainingOutcome.Completed ? 0 : 130;
    }

    private static string Critic(TrainingProgress p) => p.CriticLoss is { } c ? $" D loss {c:0.0000}" : "";
}
