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
        var model = new Argument<string>("model") { Description = "A generative model under models/ (ddpm-mnist, vae-mnist, gan-mnist …) or a run folder." };
        var samples = Cli.Ranged("--samples", "How many images to generate and score.", 10, 100_000, 1000);
        var sampler = new Option<string>("--sampler") { Description = $"Sampler: {string.Join(", ", SamplerCatalog.Names)}.", DefaultValueFactory = _ => "dpm++2m" };
        var steps = Cli.Ranged("--steps", "Sampling steps.", 1, 100_000, 20);
        var karras = new Option<bool>("--karras") { Description = "Karras noise levels." };
        var guidance = Cli.Ranged("--guidance", "Classifier-free guidance scale.", 0.0, 50.0, 1.0);
        var seed = new Option<long>("--seed") { Description = "Seed of the samples.", DefaultValueFactory = _ => 0 };
        var noClip = new Option<bool>("--no-clip") { Description = "Do not clamp the estimates of x_0 to [-1, 1] while sampling." };
        var prior = SampleCommand.PriorOption();
        var temperature = Cli.Ranged<double>("--temperature", $"VAE, flow: the latent's temperature T (default: 1 for a VAE, {FlowPipeline.DefaultTemperature} for a flow); PixelCNN: logits divided by T (default 1).", 0.01, 10.0);
        var failures = new Option<string>("--failures") { Description = "Autoencoder: write the scenes whose reconstruction the judge reads differently to this PNG." };
        var part = new Option<string>("--part") { Description = "Text-to-image: evaluate one part instead of the whole model (autoencoder)." };
        var backend = SampleCommand.BackendOption();
        var classifier = new Option<string>("--classifier") { Description = "The evaluation classifier (default: models/classifier-DATASET)." };
        var command = new Command("eval", "Score a generative model's samples: classifier-FID, precision/recall, accuracy.")
        {
            model, samples, sampler, steps, karras, guidance, seed, classifier, noClip, temperature, prior, part, failures, backend,
        };
        command.SetAction(parse =>
        {
            var location = ModelStore.Resolve(parse.GetValue(model)!);
            if (location.Family == Pigment.Pipelines.TextToImage.TextToImagePipeline.FamilyName && parse.GetValue(part) is null)
            {
                var settings = new Pigment.Pipelines.TextToImage.TextToImageSettings(parse.GetValue(sampler)!, parse.GetValue(steps),
                    parse.GetResult(guidance) is { Implicit: false } ? parse.GetValue(guidance) : Pigment.Pipelines.TextToImage.TextToImageSettings.DefaultGuidance,
                    PerCategory: Math.Max(1, parse.GetValue(samples) / (Pigment.Evaluation.Scenes.EvaluationPrompts.Categories.Length * 4)), Seed: parse.GetValue(seed),
                    Backend: parse.GetValue(backend));
                return EvaluateTextToImage(location, settings);
            }
            if (location.Family == StackGanPipeline.FamilyName)
            {
                var settings = new Pigment.Pipelines.TextToImage.TextToImageSettings(PerCategory: Math.Max(1, parse.GetValue(samples) / (Pigment.Evaluation.Scenes.EvaluationPrompts.Categories.Length * 4)),
                    Seed: parse.GetValue(seed));
                using var stackGan = StackGanPipeline.Load(location);
                var (final, sketches) = WorkProgress.Run("generating", progress => StackGanEvaluation.Evaluate(stackGan, settings, f => progress?.Report(f)));
                Cli.Line($"{location.Name}: {final.Images} images ({settings.PerCategory} prompts per category × {settings.ImagesPerPrompt}), seed {settings.Seed}");
                PrintScores(final.Judge, stackGan.Stage2 is null ? [("Stage I (upsampled)", sketches)] : [("Stage I alone (upsampled)", sketches), ("Stage I + II", final)]);
                return 0;
            }
            if (location.Family == Pigment.Models.Autoencoders.AutoencoderObjective.FamilyName || location.Family == Pigment.Pipelines.TextToImage.TextToImagePipeline.FamilyName && parse.GetValue(part) == "autoencoder")
            {
                var folder = location.IsMultiPart ? location.Part("autoencoder").Folder : location.Folder;
                using var autoencoder = Pigment.Pipelines.TextToImage.LatentDiffusionTraining.LoadPart<Pigment.Models.Autoencoders.AutoencoderConfig, Pigment.Models.Autoencoders.AutoencoderKL>(
                    folder, c => new Pigment.Models.Autoencoders.AutoencoderKL(c));
                var failed = new List<TorchSharp.torch.Tensor>();
                var score = Pigment.Pipelines.TextToImage.AutoencoderEvaluation.Measure(autoencoder, parse.GetValue(samples), (original, reconstruction, _) =>
                {
                    if (failed.Count < 32)
                    {
                        failed.Add(original.clone().DetachFromDisposeScope());
                        failed.Add(reconstruction.clone().DetachFromDisposeScope());
                    }
                });
                if (parse.GetValue(failures) is { } failuresPath && failed.Count > 0)
                {
                    using var batch = TorchSharp.torch.stack(failed);
                    Pigment.Core.Imaging.ImageIO.Save(Pigment.Core.Imaging.ImageTensor.ToImage(Pigment.Core.Imaging.ImageGrid.Make(batch, columns: 8)), failuresPath);
                    Cli.Line($"wrote {failuresPath}: the first {failed.Count / 2} scenes the judge reads differently after the round trip (original, reconstruction)");
                }
                failed.ForEach(t => t.Dispose());
                Cli.Line(string.Create(CultureInfo.InvariantCulture,
                    $"{location.Name} autoencoder on {score.Scenes} held-out scenes: latents {score.LatentShape}, PSNR {score.Psnr:F2} dB (worst {score.WorstPsnr:F2}), scene intact after the round trip {score.Intact:P1}"));
                foreach (var (reason, times) in score.Failures.Take(8))
                    Cli.Line($"  {times,4} × {reason}");
                return 0;
            }
            // The diffusion options go to the model only when given: a model without a sampler refuses them.
            bool drawingGiven = new Option[] { sampler, steps, karras, guidance, noClip, backend }.Any(o => parse.GetResult(o) is { Implicit: false });
            var drawing = drawingGiven ? new DiffusionDrawing(parse.GetValue(sampler)!, parse.GetValue(steps), parse.GetValue(karras), parse.GetValue(guidance), !parse.GetValue(noClip), parse.GetValue(backend)) : null;
            SamplerCatalog.Create(parse.GetValue(sampler)!);      // an unknown sampler fails here, before anything loads
            double? t = parse.GetResult(temperature) is null ? null : parse.GetValue(temperature);
            using var generator = GenerativeModels.Open(location, drawing, t, VaePipeline.UsesFittedPrior(parse.GetValue(prior), location));
            using var evaluation = SampleEvaluation.ForDataset(generator.Dataset, parse.GetValue(classifier));
            int n = parse.GetValue(samples);
            var rows = evaluation.References(n, parse.GetValue(seed)).ToList();
            rows.Insert(0, WorkProgress.Run("sampling", progress => evaluation.ScoreModel(generator, n, parse.GetValue(seed), f => progress?.Report(f))));
            AnsiConsole.Write(Table($"{location.Name} on {generator.Dataset}", rows));
            return 0;
        });
        return command;
    }

    private static int EvaluateTextToImage(ModelStore.ModelLocation location, Pigment.Pipelines.TextToImage.TextToImageSettings settings)
    {
        using var pipeline = Pigment.Pipelines.TextToImage.TextToImagePipeline.Load(location, Devices.Parse("auto"));
        var score = WorkProgress.Run("generating", progress => Pigment.Pipelines.TextToImage.TextToImageEvaluation.Evaluate(pipeline, settings, f => progress?.Report(f)));
        Cli.Line($"{location.Name}: {score.Images} images ({settings.PerCategory} prompts per category × {settings.ImagesPerPrompt}), {settings.Sampler} {settings.Steps} steps, guidance {settings.Guidance.ToString(CultureInfo.InvariantCulture)}, seed {settings.Seed}");
        PrintScores(score.Judge, [(location.Name, score)]);
        return 0;
    }

    /// <summary>The judge's agreement on real renders, then a Markdown row of categories and CLIP figures per score.</summary>
    private static void PrintScores(Pigment.Evaluation.Scenes.JudgeAgreement judge, IReadOnlyList<(string Name, Pigment.Pipelines.TextToImage.TextToImageScore Score)> rows)
    {
        string P(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
        Cli.Line($"judge on real renders: {P(judge.Overall)} agreement ({judge.Scenes} scenes: true descriptions accepted {P(judge.Accepted)}, false rejected {P(judge.Rejected)}, objects read right {P(judge.Objects)})");
        var categories = rows[0].Score.Categories.Keys.ToList();
        Cli.Line("| images | " + string.Join(" | ", categories) + " | overall | CLIP score | CLIP-FID | images/s |");
        Cli.Line("|---|" + string.Concat(Enumerable.Repeat("---|", categories.Count + 4)));
        foreach (var (name, score) in rows)
            Cli.Line($"| {name} | " + string.Join(" | ", score.Categories.Values.Select(P)) + $" | {P(score.Overall)} | {score.ClipScore.ToString("0.0", CultureInfo.InvariantCulture)} | {score.ClipFid.ToString("0.00", CultureInfo.InvariantCulture)} | {score.ImagesPerSecond.ToString("0.0", CultureInfo.InvariantCulture)} |");
    }

    public static Table Table(string title, IEnumerable<EvaluationRow> rows)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(title))
            .AddColumn("images").AddColumn("n").AddColumn("classifier-FID ↓").AddColumn("precision ↑").AddColumn("recall ↑")
            .AddColumn("accuracy ↑").AddColumn("≥90% confident").AddColumn("near copies").AddColumn("images/s");
        foreach (var r in rows)
        {
            table.AddRow(Markup.Escape(r.Name), r.Samples.ToString(CultureInfo.InvariantCulture), r.Fid.ToString("0.00", CultureInfo.InvariantCulture),
                r.Precision.ToString("0.000", CultureInfo.InvariantCulture), r.Recall.ToString("0.000", CultureInfo.InvariantCulture),
                r.Accuracy?.ToString("P1", CultureInfo.InvariantCulture) ?? "–", r.ConfidentFraction.ToString("P1", CultureInfo.InvariantCulture),
                r.NearCopies.ToString("P1", CultureInfo.InvariantCulture), r.ImagesPerSecond?.ToString("0.0", CultureInfo.InvariantCulture) ?? "–");
        }
        return table;
    }
}
