using Pigment.Core;
using Pigment.Core.Data;
using Pigment.Evaluation;
using Pigment.Pipelines;
using Pigment.Samplers;
using TorchSharp;

namespace Pigment.Tests;

/// <summary>The models shipped under models/ still load and still do what their cards say.</summary>
public class ShippedModelTests(Xunit.Abstractions.ITestOutputHelper output)
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

    /// <summary>
    /// Every shipped digit generator whose images take a few network passes (text-to-image is judged by its scene
    /// parser in ShippedTextToImageTests); the PixelCNN (784 passes, about a minute for
    /// 20 images here) is checked by its exact likelihood in <see cref="ShippedPixelCnnTests"/> instead.
    /// </summary>
    public static TheoryData<string> ShippedGenerators() => new(ShippedOn("mnist").Where(n => ModelStore.Resolve(n).Family != "pixelcnn"));

    /// <summary>The shipped one-part generators of a dataset (by their config's "dataset").</summary>
    private static IEnumerable<string> ShippedOn(string dataset) =>
        ModelStore.Installed().Where(n => !n.StartsWith("classifier-", StringComparison.Ordinal) && !ModelStore.Resolve(n).IsMultiPart
            && DatasetOf(ModelStore.Resolve(n).ConfigFile) == dataset);

    private static string? DatasetOf(string configFile)
    {
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(configFile));
        return json.RootElement.TryGetProperty("dataset", out var d) ? d.GetString() : null;
    }

    public static TheoryData<string> ShippedEmojiGenerators() => new(ShippedOn("emoji"));

    /// <summary>Every shipped emoji GAN draws 64×64 colour images that the emoji feature network puts far nearer the data than noise.</summary>
    [Theory]
    [MemberData(nameof(ShippedEmojiGenerators))]
    public void ShippedEmojiGeneratorDrawsColourImagesNearerTheDataThanNoise(string name)
    {
        using var model = GenerativeModels.Open(name);
        using var evaluation = SampleEvaluation.ForDataset("emoji");
        var score = evaluation.ScoreModel(model, 100, seed: 1);
        var noise = evaluation.References(100, seed: 1)[2];
        output.WriteLine($"{name}: FID {score.Fid:0.00} (noise {noise.Fid:0.00}), precision {score.Precision:0.000}, recall {score.Recall:0.000}");
        Assert.True(score.Fid * 2 < noise.Fid, $"{name}: FID {score.Fid:0.00} against noise {noise.Fid:0.00}");
        Assert.True(score.Precision >= 0.5, $"{name}: precision {score.Precision:0.000}");
    }

    /// <summary>
    /// StyleGAN's defining knob on the shipped model: truncation toward w̄ (ψ = 0.5) makes samples more typical (higher
    /// precision) and less varied (lower recall). Measured at 382 images: precision 0.733 → 0.835, recall 0.461 → 0.222.
    /// </summary>
    [Fact]
    public void ShippedStyleGanTruncationTradesRecallForPrecision()
    {
        using var evaluation = SampleEvaluation.ForDataset("emoji");
        using var full = GenerativeModels.Open("stylegan-emoji");
        using var truncated = GenerativeModels.Open("stylegan-emoji@truncation:0.5");
        var a = evaluation.ScoreModel(full, 200, seed: 1);
        var b = evaluation.ScoreModel(truncated, 200, seed: 1);
        output.WriteLine($"ψ = 1: precision {a.Precision:0.000}, recall {a.Recall:0.000}; ψ = 0.5: precision {b.Precision:0.000}, recall {b.Recall:0.000}");
        Assert.True(b.Precision > a.Precision, $"precision {a.Precision:0.000} → {b.Precision:0.000}");
        Assert.True(b.Recall < a.Recall - 0.1, $"recall {a.Recall:0.000} → {b.Recall:0.000}");
    }

    /// <summary>A fast check per shipped generator; the full measurement is `./pigment compare` (bench/compare).</summary>
    [Theory]
    [MemberData(nameof(ShippedGenerators))]
    public void ShippedGeneratorDrawsDigitsTheClassifierIsSureOf(string name)
    {
        using var model = GenerativeModels.Open(name);
        using var judge = SampleJudge.Load(Path.Combine(PigmentPaths.ModelsFolder, "classifier-mnist"));
        using var images = model.Generate(20, seed: 1);
        Assert.Equal(new long[] { 20, 1, 28, 28 }, images.shape);
        Assert.True(images.min().item<float>() >= -1 && images.max().item<float>() <= 1);
        using var judgement = judge.Judge(images);
        Assert.True(judgement.ConfidentFraction(0.9) >= 0.6, $"{name}: only {judgement.ConfidentFraction(0.9):P0} of 20 samples recognised with ≥ 90% confidence");
        if (model.NumClasses > 0)
            Assert.True(judgement.Accuracy(ClassLabels.Cycle(20, model.NumClasses)!) >= 0.6, $"{name}: {judgement.Accuracy(ClassLabels.Cycle(20, model.NumClasses)!):P0} drawn as requested");
    }

    [Fact]
    public void EvaluationReferenceRowsScoreRealDigitsAboveNoise()
    {
        using var evaluation = SampleEvaluation.ForDataset("mnist");
        var rows = evaluation.References(200, seed: 0);
        Assert.Equal(3, rows.Count);                                            // real, real blurred, noise
        Assert.True(rows[0].Fid < rows[2].Fid / 10, $"real {rows[0].Fid:0.00} vs noise {rows[2].Fid:0.00}");
        Assert.True(rows[0].Fid < rows[1].Fid && rows[1].Fid < rows[2].Fid, $"real {rows[0].Fid:0.00} < blurred {rows[1].Fid:0.00} < noise {rows[2].Fid:0.00}");
        Assert.True(rows[0].Accuracy >= 0.97);
        Assert.True(rows[2].Precision < 0.05);
    }

    [Fact]
    public void TheEmojiFeatureNetworkPutsRealBelowBlurredBelowNoise()
    {
        using var evaluation = SampleEvaluation.ForDataset("emoji");
        var rows = evaluation.References(382, seed: 0);                       // the whole held-out split: 191 emoji × 2 styles
        foreach (var row in rows)
            output.WriteLine($"{row.Name}: FID {row.Fid:0.00}, precision {row.Precision:0.000}, recall {row.Recall:0.000}");
        Assert.True(rows[0].Fid * 3 < rows[1].Fid && rows[1].Fid * 3 < rows[2].Fid, $"real {rows[0].Fid:0.00} ≪ blurred {rows[1].Fid:0.00} ≪ noise {rows[2].Fid:0.00}");
        Assert.True(rows[0].Accuracy >= 0.6, $"category accuracy on held-out emoji {rows[0].Accuracy:P1}");
    }
}
