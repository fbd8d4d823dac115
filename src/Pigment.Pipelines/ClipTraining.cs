using System.Globalization;
using Pigment.Core;
using Pigment.Core.Data;
using Pigment.Core.Data.Shapes;
using Pigment.Evaluation;
using Pigment.Models.TextEncoders;
using Pigment.Training;

namespace Pigment.Pipelines;

/// <summary>Glue for training the small CLIP (the text encoder of text-to-image) through the shared trainer.</summary>
public static class ClipTraining
{
    /// <summary>How CLIP trains: AdamW with weight decay 0.05, warm-up ≤ 200 steps; retrieval measured every 500 steps.</summary>
    public static TrainerOptions Recipe(int steps) => new()
    {
        WarmupSteps = Math.Min(200, steps / 10),
        WeightDecay = 0.05,
        SampleEvery = 0,
        CheckpointEvery = 250,
        MonitorEvery = 500,
        EmaDecay = 0.999,
    };

    public static Trainer Create(string datasetName, int width, int layers, TrainerOptions options, RunFolder run, bool resume)
    {
        var dataset = DatasetCatalog.Open(datasetName, DatasetSplit.Train, seed: options.Seed);
        if (dataset is not ShapesDataset)
            throw new PigmentException($"CLIP trains on captioned scenes (shapes:sd), not {dataset.Name}.");
        var config = run.StartOrResume(resume, () => new TextEncoderConfig
        {
            Vocabulary = ShapeVocabulary.Words,
            Width = width,
            EmbedDim = width,
            Layers = layers,
            ImageSize = dataset.Width,
            ImageChannels = 16,
            Dataset = datasetName,
        });
        var test = (ShapesDataset)DatasetCatalog.Open(datasetName, DatasetSplit.Test);
        return new Trainer(new ClipObjective(config), dataset, options, run, monitor: (weights, _) => Monitor((ClipModel)weights, test));
    }

    private static MonitorReport Monitor(ClipModel clip, ShapesDataset test)
    {
        bool training = clip.training;
        clip.eval();
        var score = ClipRetrieval.Measure(clip, test);
        clip.train(training);
        return new MonitorReport(
            string.Create(CultureInfo.InvariantCulture, $"retrieval top-1 {score.Top1:P0} of {score.Scenes}; relation pairs {score.RelationPairs:P0} of {score.Pairs}"),
            new Dictionary<string, object> { ["top1"] = score.Top1, ["relation_pairs"] = score.RelationPairs });
    }
}
