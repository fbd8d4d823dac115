using System.Globalization;
using Pigment.Core;
using Pigment.Core.Data;
using Pigment.Core.Imaging;
using Pigment.Evaluation;
using Pigment.Models.Gan;
using Pigment.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Pipelines;

/// <summary>The settings of `pigment train gan` that shape the model and the game.</summary>
public sealed record GanTrainingRequest(string Dataset, bool Conditional, GanLossKind Loss, bool SpectralNorm, int Width = 64, int LatentDim = 64, bool Flip = false);

/// <summary>
/// Glue for training a GAN through the shared trainer, with a mode-collapse monitor: the evaluation classifier
/// sorts a fixed set of the generator's samples into classes, and the histogram, its entropy (ln 10 ≈ 2.303 when
/// all ten digits are equally common) and the share of confidently classified samples go into the log.
/// </summary>
public static class GanTraining
{
    /// <summary>How the DCGAN trains: Adam with β₁ = 0.5, β₂ = 0.999 (Radford et al. 2016), no gradient clipping,
    /// short warm-up (≤ 100 steps), decay to 10%.</summary>
    public static TrainerOptions Recipe(int steps) => new()
    {
        Beta1 = 0.5,
        Beta2 = 0.999,
        WarmupSteps = Math.Min(100, steps / 10),
        MinLearningRateFraction = 0.1,
        GradClip = 0,
        SampleEvery = 500,
        CheckpointEvery = 500,
    };

    public const int MonitorSamples = 500;

    public static Trainer Create(GanTrainingRequest request, TrainerOptions options, RunFolder run, bool resume)
    {
        var dataset = DatasetCatalog.Open(request.Dataset, DatasetSplit.Train, seed: options.Seed);
        var config = run.StartOrResume(resume, () =>
        {
            if (request.Conditional && dataset.ClassNames.Count == 0)
                throw new PigmentException($"--conditional needs a labelled dataset; {dataset.Name} has no classes.");
            return new GanConfig
            {
                ImageSize = dataset.Width,
                Channels = dataset.Channels,
                LatentDim = request.LatentDim,
                Width = request.Width,
                Levels = Levels(dataset.Width),
                NumClasses = request.Conditional ? dataset.ClassNames.Count : 0,
                Loss = request.Loss,
                SpectralNorm = request.SpectralNorm,
                Dataset = request.Dataset,
                ClassNames = request.Conditional ? dataset.ClassNames : [],
            };
        });
        var classifier = ModelStore.Installed().Contains($"classifier-{request.Dataset}")
            ? SampleJudge.Load(ModelStore.Resolve($"classifier-{request.Dataset}").Folder)
            : null;
        return new Trainer(new GanObjective(config), dataset, options, run,
            augmentation: request.Flip ? new AugmentationOptions { HorizontalFlip = true } : null,
            preview: (weights, seed) =>
            {
                var pipeline = new GanPipeline((DcganGenerator)weights);   // not disposed: it wraps the trainer's weights
                using var images = pipeline.Sample(config.NumClasses > 0 ? 4 * config.NumClasses : 64, seed);
                return ImageGrid.Make(images, columns: config.NumClasses > 0 ? config.NumClasses : 8);
            },
            monitor: classifier is null ? null : (weights, seed) => ClassHistogram(new GanPipeline((DcganGenerator)weights), classifier, seed));
    }

    /// <summary>
    /// The DCGAN's resolution doublings for an image side: as many as keep the starting grid at 4×4 or more and divide
    /// the side (28 → 2: 7, 14, 28; 64 → 4: 4, 8, 16, 32, 64), at least 2.
    /// </summary>
    public static int Levels(int imageSize)
    {
        int levels = 1;
        while (imageSize % (2 << levels) == 0 && imageSize / (2 << levels) >= 4)
            levels++;
        return Math.Max(2, levels);
    }

    /// <summary>The classifier's view of <see cref="MonitorSamples"/> samples: class shares, entropy, confidence, and accuracy when conditional.</summary>
    public static MonitorReport ClassHistogram(GanPipeline pipeline, SampleJudge judge, long seed)
    {
        int classes = judge.Classifier.Config.NumClasses;
        var labels = ClassLabels.Cycle(MonitorSamples, pipeline.Shape.NumClasses);
        using var images = pipeline.Generate(MonitorSamples, labels, Seeds.Mix(seed, 977));
        using var judgement = judge.Judge(images);
        var shares = new double[classes];
        foreach (var c in judgement.Predicted)
            shares[c] += 1.0 / judgement.Predicted.Length;
        double entropy = Math.Max(0, -shares.Where(p => p > 0).Sum(p => p * Math.Log(p)));     // H = −Σ p_c ln p_c
        double confident = judgement.ConfidentFraction(0.9);
        var values = new Dictionary<string, object>
        {
            ["class_histogram"] = shares.Select(p => Math.Round(p, 4)).ToArray(),
            ["histogram_entropy"] = Math.Round(entropy, 4),
            ["confident_fraction"] = Math.Round(confident, 4),
        };
        var text = string.Create(CultureInfo.InvariantCulture,
            $"classes {string.Join(" ", shares.Select((p, c) => $"{c}:{p:0%}"))}  entropy {entropy:0.00}/{Math.Log(classes):0.00}  {confident:0%} confident");
        if (labels is not null)
        {
            double accuracy = judgement.Accuracy(labels);
            values["accuracy"] = Math.Round(accuracy, 4);
            text += string.Create(CultureInfo.InvariantCulture, $"  {accuracy:0%} as requested");
        }
        return new MonitorReport(text, values);
    }
}
