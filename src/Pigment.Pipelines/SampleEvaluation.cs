using System.Diagnostics;
using Pigment.Core;
using Pigment.Core.Data;
using Pigment.Evaluation;
using Pigment.Samplers;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Pipelines;

/// <summary>One row of an evaluation table.</summary>
public sealed record EvaluationRow(
    string Name,
    int Samples,
    double Fid,
    double Precision,
    double Recall,
    double? Accuracy,
    double ConfidentFraction,
    double NearCopies,
    double? Seconds)
{
    public double? ImagesPerSecond => Seconds is > 0 ? Samples / Seconds : null;
}

/// <summary>
/// Scores images against a dataset with the evaluation classifier: classifier-FID and precision/recall (k = 3)
/// against the training split's features, the classifier's accuracy on the requested labels, and the share of
/// images it is at least 90% confident about, and the share that are near copies of training images (see
/// <see cref="Evaluation.NearCopies"/>), which FID against the training split rewards. Reference rows put the numbers in context: real test images
/// (what a perfect model would score at this sample count) and pure noise.
/// </summary>
public sealed class SampleEvaluation : IDisposable
{
    private readonly Tensor _trainFeatures;
    private readonly NearCopies _copies;

    public SampleEvaluation(SampleJudge judge, string dataset)
    {
        Judge = judge;
        Dataset = dataset;
        var (images, _) = ClassifierTraining.LoadAll(DatasetCatalog.Open(dataset, DatasetSplit.Train));
        var (heldOut, _) = ClassifierTraining.LoadAll(DatasetCatalog.Open(dataset, DatasetSplit.Test));
        using (images)
        using (heldOut)
        {
            using var judgement = judge.Judge(images);
            _trainFeatures = judgement.Features.clone();
            _copies = new NearCopies(images, heldOut);
        }
    }

    public SampleJudge Judge { get; }

    public string Dataset { get; }

    /// <summary>The classifier that belongs to a dataset: models/classifier-NAME.</summary>
    public static SampleEvaluation ForDataset(string dataset, string? classifier = null)
    {
        var location = ModelStore.Resolve(classifier ?? $"classifier-{dataset.Split(':')[0]}");
        return new SampleEvaluation(SampleJudge.Load(location.Folder), dataset);
    }

    public EvaluationRow Score(string name, Tensor images, IReadOnlyList<int>? labels, double? seconds)
    {
        using var judgement = Judge.Judge(images);
        double fid = FrechetDistance.Compute(_trainFeatures, judgement.Features);
        var (precision, recall) = PrecisionRecall.Compute(_trainFeatures, judgement.Features);
        return new EvaluationRow(name, (int)images.shape[0], fid, precision, recall,
            labels is null ? null : judgement.Accuracy(labels), judgement.ConfidentFraction(0.9), _copies.Fraction(images), seconds);
    }

    /// <summary>Real test images, the same blurred, and uniform noise, scored like samples: the scale a sample's score is read on.</summary>
    public IReadOnlyList<EvaluationRow> References(int samples, long seed)
    {
        var test = DatasetCatalog.Open(Dataset, DatasetSplit.Test);
        var (real, labels) = ClassifierTraining.LoadAll(test, samples);
        var rows = new List<EvaluationRow>();
        using (real)
        {
            rows.Add(Score("real test images (reference)", real, labels, null));
            // The same images blurred by a 5×5 box: a good feature network puts them between real and noise.
            using (var blurred = nn.functional.avg_pool2d(real, 5, stride: 1, padding: 2, count_include_pad: false))
                rows.Add(Score("real test images, 5×5 box blur (reference)", blurred, labels, null));
            using var generator = Seeds.Generator(seed);
            using var noise = torch.rand(real.shape, generator: generator).Mul(2).Sub(1);
            rows.Add(Score("uniform noise (reference)", noise, null, null));
        }
        return rows;
    }

    /// <summary>Samples a diffusion model (labels cycling through the classes) and scores the images.</summary>
    public EvaluationRow ScoreDiffusion(DiffusionPipeline pipeline, ISampler sampler, SamplerOptions options, double guidance, int samples, long seed, Action<int>? onStep = null)
    {
        int classes = pipeline.Config.Unet.NumClasses;
        int[]? labels = ClassLabels.Cycle(samples, classes);
        var clock = Stopwatch.StartNew();
        using var images = pipeline.Generate(samples, sampler, options, guidance, labels, seed, onStep);
        double seconds = clock.Elapsed.TotalSeconds;
        string name = $"{SamplerCatalog.DisplayName(sampler, options)}, {options.Steps} steps" + (labels is null ? "" : $", guidance {guidance:0.##}");
        return Score(name, images, labels, seconds);
    }

    /// <summary>Draws <paramref name="samples"/> images from any model (labels cycling when conditional) and scores them.</summary>
    public EvaluationRow ScoreModel(IGenerativeModel model, int samples, long seed, Action<double>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        using var images = model.Generate(samples, seed, progress);
        double seconds = clock.Elapsed.TotalSeconds;
        return Score($"{model.Name}: {model.Method}", images, ClassLabels.Cycle(samples, model.NumClasses), seconds);
    }

    public void Dispose()
    {
        _trainFeatures.Dispose();
        _copies.Dispose();
        Judge.Dispose();
    }
}
