using Pigment.Core;
using Pigment.Core.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Evaluation;

/// <summary>What the classifier says of a set of images: features, predicted classes and confidences.</summary>
public sealed record Judgement(Tensor Features, long[] Predicted, float[] Confidence) : IDisposable
{
    /// <summary>The fraction of images classified as the wanted label.</summary>
    public double Accuracy(IReadOnlyList<int> wanted) => Enumerable.Range(0, Predicted.Length).Count(i => Predicted[i] == wanted[i]) / (double)Predicted.Length;

    /// <summary>The fraction of images the classifier is at least <paramref name="threshold"/> sure of.</summary>
    public double ConfidentFraction(double threshold) => Confidence.Count(c => c >= threshold) / (double)Confidence.Length;

    public void Dispose() => Features.Dispose();
}

/// <summary>Loads the evaluation classifier and runs it over images in [−1, 1].</summary>
public sealed class SampleJudge : IDisposable
{
    public SampleJudge(FeatureClassifier classifier)
    {
        Classifier = classifier;
        Classifier.eval();
    }

    public FeatureClassifier Classifier { get; }

    public static SampleJudge Load(string folder)
    {
        var config = ConfigJson.Load<ClassifierConfig>(Path.Combine(folder, "config.json"));
        if (config.Family != FeatureClassifier.FamilyName)
            throw new PigmentException($"'{folder}' is not a classifier.");
        var classifier = new FeatureClassifier(config);
        StateDict.Load(classifier, Path.Combine(folder, "model.safetensors"));
        return new SampleJudge(classifier);
    }

    public Judgement Judge(Tensor images)
    {
        using var inference = torch.inference_mode();
        var features = new List<Tensor>();
        var predicted = new List<long>();
        var confidence = new List<float>();
        for (long start = 0; start < images.shape[0]; start += 500)
        {
            using var scope = torch.NewDisposeScope();
            var chunk = images[TensorIndex.Slice(start, Math.Min(start + 500, images.shape[0]))].to_type(ScalarType.Float32);
            var f = Classifier.Features(chunk);
            var probabilities = Classifier.Classify(f).softmax(1);
            var (top, index) = probabilities.max(1);
            predicted.AddRange(index.data<long>().ToArray());
            confidence.AddRange(top.data<float>().ToArray());
            features.Add(f.MoveToOuterDisposeScope());
        }
        var all = torch.cat(features);
        features.ForEach(f => f.Dispose());
        return new Judgement(all, predicted.ToArray(), confidence.ToArray());
    }

    public void Dispose() => Classifier.Dispose();
}
