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
    public sealed record Row(string Name, string Family, string Method, long Parameters, string PassesPerImage, EvaluationRow Scores, double SecondsPer100, TestLikelihood? Nll);

    public static string Run(IReadOnlyList<string> names, int samples, int? nllImages, long seed, Action<string> log)
    {
        var rows = new List<Row>();
        EvaluationRow? real = null;
        var evaluations = new Dictionary<string, SampleEvaluation>();     // one classifier and feature set per dataset
        try
        {
            foreach (var name in names)
                rows.Add(Measure(name, samples, nllImages, seed, evaluations, ref real, log));
        }
        finally
        {
            foreach (var evaluation in evaluations.Values)
                evaluation.Dispose();
        }
        return Report(rows, real, samples, nllImages, seed, names);
    }

    private static Row Measure(string name, int samples, int? nllImages, long seed, Dictionary<string, SampleEvaluation> evaluations, ref EvaluationRow? real, Action<string> log)
    {
        using var model = GenerativeModels.Open(name);
        if (!evaluations.TryGetValue(model.Dataset, out var evaluation))
            evaluations[model.Dataset] = evaluation = SampleEvaluation.ForDataset(model.Dataset);
        log($"{model.Name}: timing 100 images ({model.Method})...");
        var clock = Stopwatch.StartNew();
        model.Generate(100, seed + 1_000_000).Dispose();
        double secondsPer100 = clock.Elapsed.TotalSeconds;
        log($"{model.Name}: sampling and scoring {samples} images...");
        var scores = evaluation.ScoreModel(model, samples, seed);
        log($"{model.Name}: test likelihood...");
        var nll = model.TestNll(nllImages, seed);
        real ??= evaluation.References(samples, seed)[0];
        log($"{model.Name}: FID {scores.Fid:0.00}{(nll is null ? "" : $", NLL {nll.NatsPerImage:0.00} nats = {nll.BitsPerDim:0.000} bits/dim")}, {secondsPer100:0.00} s per 100 images");
        return new Row(model.Name, model.Family, model.Method, model.Parameters, model.PassesPerImage, scores, secondsPer100, nll);
    }

    private static string Report(List<Row> rows, EvaluationRow? real, int samples, int? nllImages, long seed, IReadOnlyList<string> names)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine("# Generative families side by side");
        text.AppendLine();
        text.AppendLine($"Measured by `./pigment compare {string.Join(' ', names)} --samples {samples}{(nllImages is null ? "" : $" --nll-images {nllImages}")} --seed {seed}` " +
                        $"on {TorchRuntime.BenchmarkMachine()}.");
        text.AppendLine();
        text.AppendLine($"Each model draws {samples} images from the same seeds (conditional models cycle through the digits 0–9, no guidance); " +
                        "classifier-FID, precision and recall (k = 3) are against the features of the 8,000 training digits; \"confident\" is the share " +
                        "of samples the evaluation classifier gives ≥ 90% probability; \"near copies\" is " + Evaluation.NearCopies.Meaning + ". NLL on the test digits (binarized for the Bernoulli models, " +
                        "dequantized 8-bit for the flow) — each family's own likelihood, so nats of a binarized model and bits/dim of an 8-bit one " +
                        "measure different things. Time: wall seconds for 100 images in one batch.");
        text.AppendLine();
        text.AppendLine("| model | family | drawn with | parameters | network passes per image | test NLL (ours) | published (full MNIST) | classifier-FID ↓ | precision ↑ | recall ↑ | ≥90% confident | near copies | s per 100 images |");
        text.AppendLine("|---|---|---|---:|---|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            string nll = r.Nll is null ? "–" : string.Create(inv, $"{r.Nll.NatsPerImage:0.00} nats = {r.Nll.BitsPerDim:0.000} bits/dim ({r.Nll.Estimate}, {r.Nll.Data}, {r.Nll.Images} images)");
            text.AppendLine(string.Create(inv,
                $"| {r.Name} | {r.Family} | {r.Method} | {r.Parameters / 1e6:0.00} M | {r.PassesPerImage} | {nll} | {Published.GetValueOrDefault(r.Family, "–")} | {r.Scores.Fid:0.00} | {r.Scores.Precision:0.000} | {r.Scores.Recall:0.000} | {r.Scores.ConfidentFraction:P1} | {r.Scores.NearCopies:P1} | {r.SecondsPer100:0.00} |"));
        }
        if (real is not null)
            text.AppendLine(string.Create(inv, $"| real test digits (reference) | – | – | – | – | – | – | {real.Fid:0.00} | {real.Precision:0.000} | {real.Recall:0.000} | {real.ConfidentFraction:P1} | {real.NearCopies:P1} | – |"));
        return text.ToString();
    }
}
