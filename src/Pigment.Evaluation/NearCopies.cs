using Pigment.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Evaluation;

/// <summary>
/// How much of a model's output is (nearly) its training data. FID and precision/recall compare samples with the
/// training split, so a model that reproduces training images scores well on them; this is the check they lack
/// (in the spirit of Carlini et al. 2023 and Somepalli et al. 2023, in pixel space). Every image's distance to its
/// nearest training image is compared with the same distance for held-out real images: the threshold is the
/// distance that only <see cref="HeldOutQuantile"/> of held-out images come closer than. Held-out images
/// therefore score about 5%; a model that copies scores far more, one that draws new images about the same.
/// </summary>
public sealed class NearCopies : IDisposable
{
    public const double HeldOutQuantile = 0.05;

    /// <summary>What the number means, for the reports that print it.</summary>
    public const string Meaning = "the share of images nearer (in pixels) to a training image than 95% of held-out test images are " +
                                  "(about 5% for new images, more for a model that reproduces its training set)";

    private readonly Tensor _train;

    /// <param name="train">The training images (N, C, H, W), any fixed range.</param>
    /// <param name="heldOut">Real images that were not trained on, in the same range.</param>
    public NearCopies(Tensor train, Tensor heldOut)
    {
        _train = Flatten(train);
        using var distances = NearestDistances(heldOut);
        var sorted = distances.data<float>().ToArray();
        Array.Sort(sorted);
        Threshold = sorted[(int)Math.Floor(HeldOutQuantile * (sorted.Length - 1))];
    }

    /// <summary>The nearest-training-image distance (Euclidean, over all pixels) that marks a near copy.</summary>
    public double Threshold { get; }

    /// <summary>The fraction of <paramref name="images"/> nearer to some training image than <see cref="Threshold"/>.</summary>
    public double Fraction(Tensor images)
    {
        using var distances = NearestDistances(images);
        using var near = distances.LessThan(Threshold);
        return near.sum().item<long>() / (double)images.shape[0];
    }

    /// <summary>Each image's Euclidean distance to its nearest training image.</summary>
    public Tensor NearestDistances(Tensor images)
    {
        using var inference = torch.inference_mode();
        using var flat = Flatten(images);
        if (flat.shape[1] != _train.shape[1])
            throw new ArgumentException($"Images of {flat.shape[1]} values cannot be compared with training images of {_train.shape[1]}.");
        var parts = new List<Tensor>();
        for (long start = 0; start < flat.shape[0]; start += 512)
        {
            using var scope = torch.NewDisposeScope();
            var chunk = flat[TensorIndex.Slice(start, Math.Min(start + 512, flat.shape[0]))];
            parts.Add(torch.cdist(chunk, _train).min(1).values.MoveToOuterDisposeScope());
        }
        var all = torch.cat(parts);
        parts.ForEach(p => p.Dispose());
        return all;
    }

    private static Tensor Flatten(Tensor images) => images.to_type(ScalarType.Float32).cpu().reshape(images.shape[0], -1);

    public void Dispose() => _train.Dispose();
}
