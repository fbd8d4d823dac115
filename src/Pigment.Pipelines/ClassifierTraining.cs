using Pigment.Core;
using Pigment.Core.Checkpoints;
using Pigment.Core.Data;
using Pigment.Evaluation;
using Pigment.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Pipelines;

/// <summary>Glue for training the evaluation classifier and measuring its test accuracy.</summary>
public static class ClassifierTraining
{
    /// <summary>How the evaluation classifier trains: weight decay 1e-4, warm-up (≤ 100 steps), decay to 1%.</summary>
    public static TrainerOptions Recipe(int steps) => new()
    {
        WeightDecay = 1e-4,
        WarmupSteps = Math.Min(100, steps / 10),
        MinLearningRateFraction = 0.01,
        SampleEvery = 0,
        CheckpointEvery = 500,
    };

    /// <summary>Mild augmentation, so the classifier judges slightly imperfect generated digits fairly.</summary>
    public static readonly AugmentationOptions Augmentation = new() { MaxRotationDegrees = 10, MaxScaleChange = 0.1 };

    public static Trainer Create(string datasetName, TrainerOptions options, RunFolder run, bool resume, int width = 32)
    {
        var dataset = DatasetCatalog.Open(datasetName, DatasetSplit.Train, seed: options.Seed);
        if (dataset.ClassNames.Count == 0)
            throw new PigmentException($"A classifier needs a labelled dataset; {dataset.Name} has no classes.");
        var config = run.StartOrResume(resume, () =>
        {
            return new ClassifierConfig
            {
                ImageSize = dataset.Width,
                InChannels = dataset.Channels,
                NumClasses = dataset.ClassNames.Count,
                Width = width,
                Stages = dataset.Width >= 64 ? 3 : 2,
                Dataset = datasetName,
                ClassNames = dataset.ClassNames,
            };
        });
        return new Trainer(new ClassifierObjective(config), dataset, options, run, Augmentation);
    }

    /// <summary>The accuracy of the trained weights in <paramref name="folder"/> on the dataset's test split.</summary>
    public static double TestAccuracy(string folder)
    {
        using var judge = SampleJudge.Load(folder);
        var test = DatasetCatalog.Open(judge.Classifier.Config.Dataset, DatasetSplit.Test);
        var (images, labels) = LoadAll(test);
        using (images)
        {
            using var judgement = judge.Judge(images);
            return judgement.Accuracy(labels);
        }
    }

    /// <summary>A whole (small) dataset split as one tensor in [−1, 1] and its labels.</summary>
    public static (Tensor Images, int[] Labels) LoadAll(IImageDataset dataset, int? limit = null)
    {
        int n = Math.Min(limit ?? dataset.Count, dataset.Count);
        var items = Enumerable.Range(0, n).Select(dataset.Get).ToList();
        var images = Core.Imaging.ImageTensor.ToBatch(items.Select(i => i.Image).ToList(), Core.Imaging.PixelRange.MinusOneToOne);
        return (images, items.Select(i => i.Label).ToArray());
    }
}
