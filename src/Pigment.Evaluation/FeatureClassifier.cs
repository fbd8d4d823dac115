using Pigment.Models.Layers;
using Conv2d = Pigment.Models.Layers.Conv2d;
using ConvTranspose2d = Pigment.Models.Layers.ConvTranspose2d;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Evaluation;

/// <summary>
/// A small CNN trained on the dataset, used as the feature extractor of the "classifier-FID" (the role Inception
/// plays for ImageNet-scale FID) and as the judge of class-conditional samples:
/// stages of [Conv3×3–BN–ReLU] ×2 and a max-pool (two stages for 28×28 digits, three for 64×64 colour images, the
/// channels doubling at each), then Linear–ReLU (the features), Dropout, Linear.
/// Inputs are images in [−1, 1].
/// </summary>
public sealed class FeatureClassifier : nn.Module<Tensor, Tensor>
{
    public const string FamilyName = "classifier";

    private readonly Sequential body;
    private readonly Linear feature;
    private readonly Dropout dropout;
    private readonly Linear head;

    public FeatureClassifier(ClassifierConfig config) : base(nameof(FeatureClassifier))
    {
        Config = config;
        int w = config.Width;
        nn.Module<Tensor, Tensor> Stage(int inCh, int outCh) =>
            nn.Sequential(new Conv2d(inCh, outCh, 3, padding: 1), nn.BatchNorm2d(outCh), nn.ReLU());
        body = nn.Sequential();
        int channels = config.InChannels;
        for (int stage = 0; stage < config.Stages; stage++)
        {
            int width = w << stage;
            body.append(Stage(channels, width)).append(Stage(width, width)).append(nn.MaxPool2d(2));
            channels = width;
        }
        body.append(nn.Flatten());
        int spatial = config.ImageSize >> config.Stages;
        feature = nn.Linear(channels * spatial * spatial, config.FeatureDim);
        dropout = nn.Dropout(config.Dropout);
        head = nn.Linear(config.FeatureDim, config.NumClasses);
        RegisterComponents();
    }

    public ClassifierConfig Config { get; }

    /// <summary>The penultimate activations (B, FeatureDim).</summary>
    public Tensor Features(Tensor x)
    {
        using var flat = body.call(x);
        using var linear = feature.call(flat);
        return nn.functional.relu(linear);
    }

    /// <summary>Class logits (B, NumClasses).</summary>
    public override Tensor forward(Tensor x)
    {
        using var features = Features(x);
        using var dropped = dropout.call(features);
        return head.call(dropped);
    }

    /// <summary>Logits from given features (skipping dropout, for evaluation).</summary>
    public Tensor Classify(Tensor features) => head.call(features);
}
