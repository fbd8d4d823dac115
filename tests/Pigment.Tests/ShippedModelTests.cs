using Pigment.Core;
using Pigment.Core.Data;
using Pigment.Evaluation;
using Pigment.Pipelines;
using Pigment.Samplers;
using TorchSharp;

namespace Pigment.Tests;

/// <summary>The models shipped under models/ still load and still do what their cards say.</summary>
public class ShippedModelTests
{
    [Fact]
    public void ClassifierReachesItsTestAccuracy()
    {
        var folder = Path.Combine(PigmentPaths.ModelsFolder, "classifier-mnist");
        double accuracy = ClassifierTraining.TestAccuracy(folder);
        Assert.True(accuracy >= 0.98, $"test accuracy {accuracy:P2}");
    }

    [Fact]
    public void DdpmMnistDrawsDigitsTheClassifierRecognises()
    {
        using var pipeline = DiffusionPipeline.Load(ModelStore.Resolve("ddpm-mnist"), torch.CPU);
        using var judge = SampleJudge.Load(Path.Combine(PigmentPaths.ModelsFolder, "classifier-mnist"));
        int[] labels = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        using var images = pipeline.Generate(labels.Length, new DpmSolverPlusPlus2MSampler(), new SamplerOptions { Steps = 20 }, 3.0, labels, seed: 1);
        using var judgement = judge.Judge(images);
        Assert.True(judgement.Accuracy(labels) >= 0.9, $"recognised {judgement.Accuracy(labels):P0}: predicted {string.Join(",", judgement.Predicted)}");
    }

    [Fact]
    public void EvaluationReferenceRowsScoreRealDigitsAboveNoise()
    {
        using var evaluation = SampleEvaluation.ForDataset("mnist");
        var rows = evaluation.References(200, seed: 0);
        Assert.Equal(2, rows.Count);
        Assert.True(rows[0].Fid < rows[1].Fid / 10, $"real {rows[0].Fid:0.00} vs noise {rows[1].Fid:0.00}");
        Assert.True(rows[0].Accuracy >= 0.97);
        Assert.True(rows[1].Precision < 0.05);
    }
}
