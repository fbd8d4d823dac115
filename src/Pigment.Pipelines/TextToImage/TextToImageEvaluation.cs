using System.Diagnostics;
using Pigment.Core;
using Pigment.Core.Data;
using Pigment.Core.Data.Shapes;
using Pigment.Core.Imaging;
using Pigment.Evaluation;
using Pigment.Evaluation.Scenes;
using Pigment.Models.TextEncoders;
using Pigment.Samplers;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Pipelines.TextToImage;

/// <summary>How a text-to-image model is drawn for evaluation.</summary>
public sealed record TextToImageSettings(string Sampler = "dpm++2m", int Steps = 20, double Guidance = TextToImageSettings.DefaultGuidance, int PerCategory = 25,
    int ImagesPerPrompt = 4, long Seed = 0, InferenceBackend Backend = InferenceBackend.Torch)
{
    public const double DefaultGuidance = Generation.TextToImageGenerator.DefaultGuidance;
}

/// <summary>A text-to-image model's scores.</summary>
/// <param name="Categories">share of images that pass every clause of their prompt, per category</param>
/// <param name="ClipScore">mean cosine similarity of image and prompt in the model's CLIP, × 100</param>
/// <param name="ClipFid">Fréchet distance between CLIP image features of the images and of as many real scenes</param>
public sealed record TextToImageScore(TextToImageSettings Settings, JudgeAgreement Judge, IReadOnlyDictionary<string, double> Categories, double ClipScore,
    double ClipFid, int Images, double ImagesPerSecond)
{
    /// <summary>The mean of the categories.</summary>
    public double Overall => Categories.Values.Average();
}

/// <summary>
/// <c>pigment eval</c> for a text-to-image model: the judge is validated on real renders first (it must agree with
/// the ground truth on ≥ 98%), then it scores images of the evaluation prompts by category; CLIP score and CLIP-feature
/// FID beside.
/// </summary>
public static class TextToImageEvaluation
{
    public const double RequiredAgreement = 0.98;

    /// <summary>The judge on <paramref name="scenes"/> real renders of the test split.</summary>
    public static JudgeAgreement ValidateJudge(int scenes = 500) =>
        JudgeValidation.Measure((ShapesDataset)DatasetCatalog.Open("shapes:sd", DatasetSplit.Test), scenes);

    public static TextToImageScore Evaluate(TextToImagePipeline pipeline, TextToImageSettings settings, Action<double>? progress = null,
        Action<ScenePrompt, int, PixelImage, bool>? onImage = null) =>
        Evaluate(pipeline.TextEncoder, settings, (texts, report) =>
        {
            var draw = new TextDraw(texts, texts.Count, settings.Seed, SamplerCatalog.Create(settings.Sampler), new SamplerOptions { Steps = settings.Steps }, settings.Guidance) { Backend = settings.Backend };
            double total = Math.Ceiling(texts.Count / (double)DenoisingLoop.ChunkSize) * settings.Steps;
            return pipeline.Draw(draw, report is null ? null : (done, _) => report(done / total));
        }, progress, onImage);

    /// <summary>
    /// Scores any text-to-image drawing: <paramref name="draw"/> maps the evaluation prompts (each repeated
    /// <see cref="TextToImageSettings.ImagesPerPrompt"/> times, image i with seed + i) to (N, 3, 64, 64) images in [0, 1];
    /// <paramref name="clip"/> gives the CLIP score and CLIP-FID.
    /// </summary>
    public static TextToImageScore Evaluate(ClipModel clip, TextToImageSettings settings, Func<IReadOnlyList<string>, Action<double>?, Tensor> draw,
        Action<double>? progress = null, Action<ScenePrompt, int, PixelImage, bool>? onImage = null)
    {
        var judge = ValidateJudge();
        if (judge.Overall < RequiredAgreement)
            throw new PigmentException($"The scene judge agrees with the ground truth of real renders on {judge.Overall:P1} only (needs {RequiredAgreement:P0}): it cannot judge models.");
        var prompts = EvaluationPrompts.Create(settings.PerCategory);
        int k = settings.ImagesPerPrompt;
        var texts = prompts.SelectMany(p => Enumerable.Repeat(p.Text, k)).ToArray();
        var clock = Stopwatch.StartNew();
        using var images = draw(texts, progress);
        double perSecond = texts.Length / clock.Elapsed.TotalSeconds;

        var pixels = ImageTensor.ToImages(images);
        var passed = new Dictionary<string, List<bool>>();
        for (int i = 0; i < pixels.Length; i++)
        {
            var prompt = prompts[i / k];
            bool pass = prompt.Judge(SceneParser.Parse(pixels[i])).Pass;
            (passed.TryGetValue(prompt.Category, out var list) ? list : passed[prompt.Category] = []).Add(pass);
            onImage?.Invoke(prompt, i, pixels[i], pass);
        }

        double clipScore, clipFid;
        using (var scope = torch.NewDisposeScope())
        using (var inference = torch.inference_mode())
        {
            var device = clip.parameters().First().device;
            var x = images.Mul(2).Sub(1).to(device);
            clipScore = 100 * clip.Similarity(x, texts).mean().item<float>();
            var test = DatasetCatalog.Open("shapes:sd", DatasetSplit.Test);
            var real = ImageTensor.ToBatch(Enumerable.Range(0, Math.Min(test.Count, texts.Length)).Select(i => test.Get(i).Image).ToList(), PixelRange.MinusOneToOne, device);
            clipFid = FrechetDistance.Compute(clip.Image.Features(x).cpu().to(ScalarType.Float64), clip.Image.Features(real).cpu().to(ScalarType.Float64));
        }
        var categories = EvaluationPrompts.Categories.ToDictionary(c => c, c => passed[c].Count(p => p) / (double)passed[c].Count);
        return new TextToImageScore(settings, judge, categories, clipScore, clipFid, texts.Length, perSecond);
    }
}
