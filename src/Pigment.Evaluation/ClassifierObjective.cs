using Pigment.Core.Data;
using Pigment.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Evaluation;

/// <summary>Cross-entropy on the labels: the classifier trained through the same shared trainer as every family.</summary>
public sealed class ClassifierObjective : ITrainingObjective
{
    public ClassifierObjective(ClassifierConfig config)
    {
        Config = config;
        Classifier = new FeatureClassifier(config);
    }

    public ClassifierConfig Config { get; }

    public FeatureClassifier Classifier { get; }

    public string Family => FeatureClassifier.FamilyName;

    public nn.Module Model => Classifier;

    public nn.Module CreateModel() => new FeatureClassifier(Config);

    public Tensor Loss(nn.Module model, Batch batch, Generator generator)
    {
        using var logits = ((FeatureClassifier)model).call(batch.Images);
        return nn.functional.cross_entropy(logits, batch.Labels);
    }
}
