using System.Diagnostics;
using System.Globalization;
using System.Text;
using Pigment.Core;
using Pigment.Core.Imaging;
using Pigment.Evaluation.Scenes;
using Pigment.Samplers;

namespace Pigment.Pipelines.TextToImage;

/// <summary>
/// <c>pigment bench sd</c>: prompt fidelity against guidance and against sampler and steps, a negative prompt's
/// effect, and speed (in the process, and the whole <c>pigment generate</c> process measured from outside).
/// </summary>
public static class TextToImageBenchmark
{
    private static string F(double v, string format = "0.000") => v.ToString(format, CultureInfo.InvariantCulture);

    /// <param name="wholeProcess">Runs <c>pigment generate</c> with the given arguments in a new process and returns its wall time (null: skip).</param>
    public static string Run(ModelStore.ModelLocation location, int perCategory, int imagesPerPrompt, Func<string[], TimeSpan>? wholeProcess, Action<string> log)
    {
        using var pipeline = TextToImagePipeline.Load(location, TorchSharp.torch.CPU);
        var text = new StringBuilder();
        text.AppendLine($"# Text-to-image benchmark: {location.Name}");
        text.AppendLine();
        text.AppendLine($"`pigment bench sd --model {location.Name} --per-category {perCategory} --images {imagesPerPrompt}`, on {Core.TorchRuntime.CpuDescription}.");
        text.AppendLine($"Each cell: {perCategory} evaluation prompts per category × {imagesPerPrompt} images ({EvaluationPrompts.Categories.Length * perCategory * imagesPerPrompt} images), judged by the scene parser; seed 0.");
        text.AppendLine();

        string Header() => "| " + string.Join(" | ", EvaluationPrompts.Categories) + " | overall | images/s |";
        string Rule() => "|" + string.Concat(Enumerable.Repeat("---|", EvaluationPrompts.Categories.Length + 2));
        string Row(string name, TextToImageScore s) => $"| {name} | " + string.Join(" | ", s.Categories.Values.Select(v => F(v))) + $" | {F(s.Overall)} | {F(s.ImagesPerSecond, "0.0")} |";

        text.AppendLine("## Guidance (DPM++ 2M, 20 steps)");
        text.AppendLine();
        text.AppendLine("| guidance " + Header());
        text.AppendLine("|---" + Rule());
        foreach (var g in new[] { 1.0, 2.0, 4.0, 7.5 })
        {
            log($"guidance {g}");
            var score = TextToImageEvaluation.Evaluate(pipeline, new TextToImageSettings("dpm++2m", 20, g, perCategory, imagesPerPrompt));
            text.AppendLine(Row(F(g, "0.#"), score));
        }
        text.AppendLine();

        text.AppendLine($"## Sampler and steps (guidance {F(TextToImageSettings.DefaultGuidance, "0.#")})");
        text.AppendLine();
        text.AppendLine("| sampler | steps " + Header());
        text.AppendLine("|---|---" + Rule());
        foreach (var (sampler, steps) in new[] { ("dpm++2m", 10), ("dpm++2m", 20), ("dpm++2m", 50), ("euler-a", 20), ("ddim", 20), ("euler", 20), ("dpm++2m-sde", 20) })
        {
            log($"{sampler} {steps} steps");
            var score = TextToImageEvaluation.Evaluate(pipeline, new TextToImageSettings(sampler, steps, TextToImageSettings.DefaultGuidance, perCategory, imagesPerPrompt));
            text.AppendLine($"| {sampler} | {steps} " + Row("", score)[2..]);
        }
        text.AppendLine();

        text.AppendLine("## A negative prompt");
        text.AppendLine();
        text.AppendLine("\"a star\", 100 images (seeds 0–99), DPM++ 2M, 20 steps, guidance 4: the share of images whose star the parser reads as yellow.");
        text.AppendLine();
        text.AppendLine("| negative prompt | yellow stars | images with one star |");
        text.AppendLine("|---|---|---|");
        foreach (var negative in new string?[] { null, "yellow" })
        {
            log($"negative {negative ?? "none"}");
            using var images = pipeline.Draw(new TextDraw(["a star"], 100, 0, new DpmSolverPlusPlus2MSampler(), new SamplerOptions { Steps = 20 }, 4.0) { Negative = negative });
            var scenes = ImageTensor.ToImages(images).Select(SceneParser.Parse).ToList();
            int stars = scenes.Count(s => s.Objects.Count == 1 && s.Objects[0].Kind == Core.Data.Shapes.ShapeKind.Star);
            int yellow = scenes.Count(s => s.Objects.Any(o => o.Kind == Core.Data.Shapes.ShapeKind.Star && o.Color == "yellow"));
            text.AppendLine($"| {negative ?? "(none)"} | {yellow} % | {stars} % |");
        }
        text.AppendLine();

        text.AppendLine("## Inpainting");
        text.AppendLine();
        var (matched, total, exact) = Inpainting(pipeline, 50, log);
        text.AppendLine($"{total} held-out scenes with two or more objects; the first object's disc (radius + 3 px) masked and repainted from \"a COLOUR SHAPE\" " +
                        "(a new seen pair), strength 1, mask blur 2, DPM++ 2M, 20 steps, guidance 4.");
        text.AppendLine();
        text.AppendLine($"- The masked region holds exactly the asked object (shape and colour, by the scene parser): {matched} of {total} ({F(matched / (double)total, "0%")}).");
        text.AppendLine($"- Every pixel outside the blurred mask equals the original: {exact} of {total} images.");
        text.AppendLine();

        text.AppendLine("## Speed");
        text.AppendLine();
        var draw = new TextDraw(["a red circle above a blue square"], 4, 0, new DpmSolverPlusPlus2MSampler(), new SamplerOptions { Steps = 20 }, 4.0);
        pipeline.Draw(draw).Dispose();                                                          // warm-up
        var times = Enumerable.Range(0, 5).Select(_ =>
        {
            var clock = Stopwatch.StartNew();
            pipeline.Draw(draw).Dispose();
            return clock.Elapsed.TotalSeconds;
        }).Order().ToArray();
        text.AppendLine($"- In the process (model loaded): 4 images, 20 steps, guidance 4: {F(times[2], "0.00")} s (median of 5), {F(4 / times[2], "0.0")} images/s.");
        var big = draw with { Count = 100 };
        var bigClock = Stopwatch.StartNew();
        pipeline.Draw(big).Dispose();
        text.AppendLine($"- A batch of 100: {F(100 / bigClock.Elapsed.TotalSeconds, "0.0")} images/s.");
        if (wholeProcess is not null)
        {
            var walls = Enumerable.Range(0, 3).Select(_ => wholeProcess(["generate", "a red circle above a blue square", "--model", location.Folder, "--count", "4", "--seed", "0",
                "--out", Path.Combine(Path.GetTempPath(), "pigment-bench-sd")]).TotalSeconds).Order().ToArray();
            text.AppendLine($"- The whole process, `pigment generate \"a red circle above a blue square\" --count 4` (start, self-check, load, 20 steps, PNGs): {F(walls[1], "0.00")} s (median of 3; target ≤ 2 s).");
        }
        return text.ToString();
    }

    /// <summary>Repaints the first object of held-out scenes as a new object and asks the parser what is there now.</summary>
    private static (int Matched, int Total, int Exact) Inpainting(TextToImagePipeline pipeline, int count, Action<string> log)
    {
        log("inpainting");
        var test = (Core.Data.ShapesDataset)Core.Data.DatasetCatalog.Open("shapes:sd", Core.Data.DatasetSplit.Test, pipeline.Size);
        var random = new Random(5);
        int matched = 0, total = 0, exact = 0;
        for (int i = 0; total < count && i < test.Count; i++)
        {
            var scene = test.GetScene(i);
            if (scene.Objects.Count < 2)
                continue;
            total++;
            var target = scene.Objects[0];
            var color = Core.Data.Shapes.ShapeVocabulary.ObjectColors[random.Next(Core.Data.Shapes.ShapeVocabulary.ObjectColors.Count)];
            var kind = Core.Data.Shapes.ShapeVocabulary.Kinds[random.Next(Core.Data.Shapes.ShapeVocabulary.Kinds.Count)];
            if (Core.Data.Shapes.ShapeVocabulary.HeldOutPairs.Contains(new Core.Data.Shapes.ShapePair(color.Name, kind)))
                kind = Core.Data.Shapes.ShapeKind.Circle;
            int n = pipeline.Size;
            var maskValues = new float[n * n];
            for (int y = 0; y < n; y++)
                for (int x = 0; x < n; x++)
                    maskValues[y * n + x] = Math.Pow(x + 0.5 - target.CenterX, 2) + Math.Pow(y + 0.5 - target.CenterY, 2) <= Math.Pow(target.Radius + 3, 2) ? 1 : 0;
            using var mask = TorchSharp.torch.tensor(maskValues, [n, n]);
            using var init = ImageTensor.ToTensor(Core.Data.Shapes.ShapeRenderer.Render(scene));
            var prompt = Core.Data.Shapes.ShapeVocabulary.Articles($"a {color.Name} {Core.Data.Shapes.ShapeVocabulary.KindWord(kind)}");
            using var result = pipeline.Draw(new TextDraw([prompt], 1, i, new DpmSolverPlusPlus2MSampler(), new SamplerOptions { Steps = 20 }, 4.0)
            {
                Init = init, Strength = 1, Mask = mask, MaskBlur = 2,
            });
            using var blurred = TextToImagePipeline.BlurMask(mask, 2);
            using var outside = blurred.reshape(n, n).EqualTo(0).expand(3, n, n);
            using var before = init.masked_select(outside);
            using var after = result[0].masked_select(outside);
            if (before.shape.SequenceEqual(after.shape) && before.eq(after).all().item<bool>())
                exact++;
            var read = SceneParser.Parse(ImageTensor.ToImage(result[0]));
            var inside = read.Objects.Where(o => Math.Pow(o.CenterX - target.CenterX, 2) + Math.Pow(o.CenterY - target.CenterY, 2) <= Math.Pow(target.Radius + 3, 2)).ToList();
            if (inside.Count == 1 && inside[0].Kind == kind && inside[0].Color == color.Name)
                matched++;
        }
        return (matched, total, exact);
    }
}
