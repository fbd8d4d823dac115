using Pigment.Core;
using Pigment.Core.Data;
using Pigment.Core.Checkpoints;
using Pigment.Core.Imaging;
using Pigment.Models.StackGan;
using Pigment.Models.TextEncoders;
using Pigment.Pipelines.TextToImage;
using Pigment.Training;

namespace Pigment.Pipelines;

/// <summary>The settings of `pigment train stackgan`.</summary>
/// <param name="TextEncoder">a trained CLIP's folder (config.json + model.safetensors), frozen</param>
/// <param name="Stage1">for Stage II: the trained Stage I's folder, frozen</param>
public sealed record StackGanTrainingRequest(string Dataset, int Stage, string TextEncoder, string? Stage1, int Width = 32, int DiscriminatorWidth = 32,
    int LatentDim = 64, int ConditionDim = 64, double KlWeight = 1.0);

/// <summary>Glue for training StackGAN one stage at a time, as the paper does: Stage I, then Stage II with Stage I fixed.</summary>
public static class StackGanTraining
{
    /// <summary>The prompts of the training preview grid (a column each, eight seeds down).</summary>
    public static readonly string[] PreviewPrompts =
    [
        "a red circle above a blue square", "a yellow star on a black background", "two green triangles", "three circles",
        "a large pink hexagon left of a small cyan cross", "a blue diamond and an orange square", "a purple star", "a white square",
    ];

    /// <summary>As the paper trains (Adam, learning rate 2e-4, β₁ = 0.5), the rate falling to half along a cosine, EMA of G.</summary>
    public static TrainerOptions Recipe() => ProGanTraining.Recipe() with { Beta1 = 0.5, Beta2 = 0.999, MinLearningRateFraction = 0.5 };

    public static Trainer Create(StackGanTrainingRequest request, TrainerOptions options, RunFolder run, bool resume)
    {
        var dataset = DatasetCatalog.Open(request.Dataset, DatasetSplit.Train, seed: options.Seed);
        if (dataset.Channels != 3 || dataset.Width != dataset.Height)
            throw new PigmentException($"StackGAN draws square colour images; {dataset.Name} is {dataset.Width}×{dataset.Height}×{dataset.Channels}.");
        var clip = LatentDiffusionTraining.LoadPart<TextEncoderConfig, ClipModel>(request.TextEncoder, c => new ClipModel(c));
        StackGanStage1? sketcher = null;
        StackGanConfig? stage1Config = null;
        if (request.Stage == 2)
        {
            var folder = request.Stage1 ?? throw new PigmentException("Stage II needs --stage1: the trained Stage I's folder.");
            stage1Config = ConfigJson.Load<StackGanConfig>(Path.Combine(folder, "config.json"));
            if (stage1Config.Family != StackGanObjective.FamilyName || stage1Config.Stage != 1)
                throw new PigmentException($"'{folder}' holds no StackGAN Stage I.");
            sketcher = LatentDiffusionTraining.LoadPart<StackGanConfig, StackGanStage1>(folder, c => new StackGanStage1(c));
        }
        else if (request.Stage1 is not null)
            throw new PigmentException("--stage1 is for Stage II only.");
        var config = run.StartOrResume(resume, () =>
        {
            var shape = stage1Config ?? new StackGanConfig
            {
                ImageSize = dataset.Width,
                Stage1Size = dataset.Width / 2,
                Channels = dataset.Channels,
                LatentDim = request.LatentDim,
                TextDim = clip.Config.EmbedDim,
                Dataset = request.Dataset,
            };
            var created = shape with
            {
                Stage = request.Stage,
                ConditionDim = request.ConditionDim,
                Width = request.Width,
                DiscriminatorWidth = request.DiscriminatorWidth,
                KlWeight = request.KlWeight,
            };
            created.Validate();
            return created;
        });
        if (config.TextDim != clip.Config.EmbedDim || config.ImageSize != dataset.Width)
            throw new PigmentException($"This StackGAN reads {config.TextDim}-feature text and draws {config.ImageSize}px; the text encoder gives {clip.Config.EmbedDim}, {dataset.Name} has {dataset.Width}px.");
        var objective = new StackGanObjective(config, clip, sketcher);
        return new Trainer(objective, dataset, options, run, preview: (weights, seed) =>
        {
            // Not disposed: the pipeline wraps the trainer's modules.
            var pipeline = config.Stage == 1
                ? new StackGanPipeline(clip, (StackGanStage1)weights, null)
                : new StackGanPipeline(clip, sketcher!, (StackGanStage2)weights);
            var prompts = Enumerable.Range(0, 8).SelectMany(_ => PreviewPrompts).ToArray();
            using var drawn = pipeline.Draw(prompts, seed);
            weights.train();
            using var unit = drawn.Final.Add(1).Div(2).Clamp(0, 1);
            return ImageGrid.Make(unit, columns: PreviewPrompts.Length);
        });
    }
}
