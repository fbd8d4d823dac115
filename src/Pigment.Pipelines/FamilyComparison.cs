using System.Diagnostics;
using System.Globalization;
using System.Text;
using Pigment.Core;
using Pigment.Pipelines.Generation;
using TorchSharp;

namespace Pigment.Pipelines;

/// <summary>
/// The textbook comparison of generative families, measured: for each model its test NLL where the family has
/// one (beside the published reference), classifier-FID, precision/recall and the share of confidently
/// recognised samples, its size, the network evaluations one image costs, and the wall time of 100 images.
/// Every model draws the same number of images from the same seeds.
/// </summary>
public static class FamilyComparison
{
    /// <summary>Published test NLLs on (full) MNIST, quoted beside ours.</summary>
    private static readonly Dictionary<string, string> Published = new()
    {
        ["vae"] = "≈ 86 nats (binarized; Burda et al. 2016)",
        ["pixelcnn"] = "81.3 nats (binarized; van den Oord et al. 2016)",
        ["flow"] = "1.05 bits/dim (dequantized; Kingma & Dhariwal 2018)",
    };

    /// <summary>One model's measurements (plain values: the model is closed once measured).</summary>
    public sealed record Row(string Name, string Family, string Dataset, string Method, long Parameters, string PassesPerImage, TimeSpan? Trained, EvaluationRow Scores,
        double SecondsPer100, TestLikelihood? Nll);

    public static string Run(IReadOnlyList<string> names, int samples, int? nllImages, long seed, Action<string> log)
    {
        var rows = new List<Row>();
        var real = new Dictionary<string, EvaluationRow>();
        var evaluations = new Dictionary<string, SampleEvaluation>();     // one classifier and feature set per dataset
        try
        {
            foreach (var name in names)
                rows.Add(Measure(name, samples, nllImages, seed, evaluations, real, log));
        }
        finally
        {
            foreach (var evaluation in evaluations.Values)
                evaluation.Dispose();
        }
        return Report(rows, real, samples, nllImages, seed, names);
    }

    /// <summary>The wall time of a model's training here: the last elapsed time in each part's training-log.jsonl, summed (null without logs).</summary>
    public static TimeSpan? TrainingTime(ModelStore.ModelLocation location)
    {
        double total = 0;
        bool any = false;
        foreach (var part in location.Parts)
        {
            var log = new[] { "training-log.jsonl", "log.jsonl" }.Select(f => Path.Combine(part.Folder, f)).FirstOrDefault(File.Exists);   // shipped, or a run folder
            if (log is null)
                continue;
            var last = File.ReadLines(log).LastOrDefault(l => l.Contains("\"elapsed_s\"", StringComparison.Ordinal));
            if (last is null)
                continue;
            using var json = System.Text.Json.JsonDocument.Parse(last);
            total += json.RootElement.GetProperty("elapsed_s").GetDouble();
            any = true;
        }
        return any ? TimeSpan.FromSeconds(total) : null;
    }

    private static Row Measure(string name, int samples, int? nllImages, long seed, Dictionary<string, SampleEvaluation> evaluations, Dictionary<string, EvaluationRow> real, Action<string> log)
    {
        using var model = GenerativeModels.Open(name);
        if (!evaluations.TryGetValue(model.Dataset, out var evaluation))
            evaluations[model.Dataset] = evaluation = SampleEvaluation.ForDataset(model.Dataset);
        log($"{name}: timing 100 images ({model.Method})...");
        var clock = Stopwatch.StartNew();
        model.Generate(100, seed + 1_000_000).Dispose();
        double secondsPer100 = clock.Elapsed.TotalSeconds;
        log($"{name}: sampling and scoring {samples} images...");
        var scores = evaluation.ScoreModel(model, samples, seed);
        log($"{name}: test likelihood...");
        var nll = model.TestNll(nllImages, seed);
        if (!real.ContainsKey(model.Dataset))
            real[model.Dataset] = evaluation.References(samples, seed)[0];
        log($"{name}: FID {scores.Fid:0.00}{(nll is null ? "" : $", NLL {nll.NatsPerImage:0.00} nats = {nll.BitsPerDim:0.000} bits/dim")}, {secondsPer100:0.00} s per 100 images");
        var trained = TrainingTime(ModelStore.Resolve(name.Split('@')[0]));
        return new Row(name, model.Family, model.Dataset, model.Method, model.Parameters, model.PassesPerImage, trained, scores, secondsPer100, nll);
    }

    private static string Report(List<Row> rows, Dictionary<string, EvaluationRow> real, int samples, int? nllImages, long seed, IReadOnlyList<string> names)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine("# Generative families side by side");
        text.AppendLine();
        text.AppendLine($"Measured by `./pigment compare {string.Join(' ', names)} --samples {samples}{(nllImages is null ? "" : $" --nll-images {nllImages}")} --seed {seed}` " +
                        $"on {TorchRuntime.BenchmarkMachine()}.");
        text.AppendLine();
        text.AppendLine($"Each model draws {samples} images from the same seeds (class-conditional models cycle through their classes, no guidance); " +
                        "classifier-FID, precision and recall (k = 3) are against the features of the dataset's training split in its evaluation classifier " +
                        "(models/classifier-DATASET); \"confident\" is the share " +
                        "of samples the evaluation classifier gives ≥ 90% probability; \"near copies\" is " + Evaluation.NearCopies.Meaning + ". " +
                        "\"Trained here\" is the wall time in the model's training log. Time: wall seconds for 100 images in one batch. " +
                        "A name with @ is drawn another way: a sampler and steps (ddpm-mnist@ddpm:1000), a temperature, or a truncation (stylegan-emoji@truncation:0.7).");
        foreach (var group in rows.GroupBy(r => r.Dataset))
        {
            bool likelihoods = group.Any(r => r.Nll is not null);
            text.AppendLine();
            text.AppendLine($"## {group.Key}");
            text.AppendLine();
            if (likelihoods)
            {
                text.AppendLine("NLL on the test images (binarized for the Bernoulli models, dequantized 8-bit for the flow) — each family's own likelihood, so nats of a " +
                                "binarized model and bits/dim of an 8-bit one measure different things.");
                text.AppendLine();
            }
            text.AppendLine("| model | family | drawn with | parameters | network passes per image | trained here |" + (likelihoods ? " test NLL (ours) | published (full MNIST) |" : "") +
                            " classifier-FID ↓ | precision ↑ | recall ↑ | ≥90% confident | near copies | s per 100 images |");
            text.AppendLine("|---|---|---|---:|---|---:|" + (likelihoods ? "---|---|" : "") + "---:|---:|---:|---:|---:|---:|");
            foreach (var r in group)
            {
                string nll = r.Nll is null ? "–" : string.Create(inv, $"{r.Nll.NatsPerImage:0.00} nats = {r.Nll.BitsPerDim:0.000} bits/dim ({r.Nll.Estimate}, {r.Nll.Data}, {r.Nll.Images} images)");
                string trained = r.Trained is { } t ? $"{(int)t.TotalHours}:{t.Minutes:00}" : "–";
                text.AppendLine(FormattableString.Invariant($"| {r.Name} | {r.Family} | {r.Method} | {r.Parameters / 1e6:0.00} M | {r.PassesPerImage} | {trained} |") +
                    (likelihoods ? $" {nll} | {Published.GetValueOrDefault(r.Family, "–")} |" : "") +
                    FormattableString.Invariant($" {r.Scores.Fid:0.00} | {r.Scores.Precision:0.000} | {r.Scores.Recall:0.000} | {r.Scores.ConfidentFraction:P1} | {r.Scores.NearCopies:P1} | {r.SecondsPer100:0.00} |"));
            }
            if (real.TryGetValue(group.Key, out var reference))
                text.AppendLine("| real test images (reference) | – | – | – | – | – |" + (likelihoods ? " – | – |" : "") +
                    FormattableString.Invariant($" {reference.Fid:0.00} | {reference.Precision:0.000} | {reference.Recall:0.000} | {reference.ConfidentFraction:P1} | {reference.NearCopies:P1} | – |"));
        }
        return text.ToString();
    }
}
