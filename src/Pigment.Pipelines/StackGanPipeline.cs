using Pigment.Core;
using Pigment.Core.Checkpoints;
using Pigment.Models.StackGan;
using Pigment.Models.TextEncoders;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Pipelines;

/// <summary>
/// StackGAN from a prompt (Zhang et al. 2017): the frozen text encoder's pooled embedding φ_t; Stage I sketches the
/// scene from ĉ₀ = μ₀(φ_t) + σ₀(φ_t) ⊙ ε₀ and z; Stage II redraws the sketch at full size from ĉ = μ(φ_t) + σ(φ_t) ⊙ ε.
/// Image i draws z, ε₀ and ε with seed + i. A model of Stage I alone draws sketches.
/// </summary>
public sealed class StackGanPipeline : IDisposable
{
    public const string FamilyName = StackGanObjective.FamilyName;

    public StackGanPipeline(ClipModel textEncoder, StackGanStage1 stage1, StackGanStage2? stage2)
    {
        TextEncoder = textEncoder;
        Stage1 = stage1;
        Stage2 = stage2;
        foreach (var module in new nn.Module?[] { textEncoder, stage1, stage2 }.OfType<nn.Module>())
            module.eval();
    }

    public ClipModel TextEncoder { get; }

    public StackGanStage1 Stage1 { get; }

    public StackGanStage2? Stage2 { get; }

    public StackGanConfig Config => Stage1.Config;

    /// <summary>The size of the images drawn: Stage II's, or Stage I's for a sketch-only model.</summary>
    public int Size => Stage2 is null ? Config.Stage1Size : Config.ImageSize;

    /// <summary>Loads a model folder with the parts text_encoder, stage1 and (optionally) stage2.</summary>
    public static StackGanPipeline Load(ModelStore.ModelLocation location)
    {
        if (!location.IsMultiPart)
            throw new PigmentException($"'{location.Name}' is a StackGAN stage, not a model: put it together with `pigment assemble OUT --text-encoder … --stage1 … --stage2 …`.");
        var text = location.Part("text_encoder");
        var clip = new ClipModel(ConfigJson.Load<TextEncoderConfig>(text.ConfigFile));
        StateDict.Load(clip, text.WeightsFile);
        var one = location.Part("stage1");
        var stage1 = new StackGanStage1(ConfigJson.Load<StackGanConfig>(one.ConfigFile));
        StateDict.Load(stage1, one.WeightsFile);
        StackGanStage2? stage2 = null;
        if (location.Parts.Any(p => p.Name == "stage2"))
        {
            var two = location.Part("stage2");
            stage2 = new StackGanStage2(ConfigJson.Load<StackGanConfig>(two.ConfigFile));
            StateDict.Load(stage2, two.WeightsFile);
        }
        return new StackGanPipeline(clip, stage1, stage2);
    }

    /// <summary>Stage I's sketches and the final images (Stage II's, or the sketches again without Stage II), (N, C, H, W) in [−1, 1].</summary>
    public StackGanImages Draw(IReadOnlyList<string> prompts, long seed)
    {
        using var scope = torch.NewDisposeScope();
        using var inference = torch.inference_mode();
        int n = prompts.Count, latent = Config.LatentDim, condition = Config.ConditionDim;
        var noise = Seeds.PerItemNormal(n, [latent + 2 * condition], seed);
        using var encoding = TextEncoder.EncodeText(prompts, CPU);
        var text = encoding.Pooled;
        var sketch = Stage1.call(text, noise.narrow(1, 0, latent), noise.narrow(1, latent, condition));
        var final = Stage2 is null ? sketch.Images.alias() : Stage2.call(sketch.Images, text, noise.narrow(1, latent + condition, condition)).Images;
        return new StackGanImages(sketch.Images.MoveToOuterDisposeScope(), final.MoveToOuterDisposeScope());
    }

    public void Dispose()
    {
        TextEncoder.Dispose();
        Stage1.Dispose();
        Stage2?.Dispose();
    }
}

/// <summary>A StackGAN's two outputs, (N, C, H, W) in [−1, 1].</summary>
public sealed record StackGanImages(Tensor Sketches, Tensor Final) : IDisposable
{
    public void Dispose()
    {
        Sketches.Dispose();
        Final.Dispose();
    }
}

/// <summary>
/// StackGAN scored by the scene judge of text-to-image evaluation, both ways: the final images, and Stage I's
/// sketches alone (upsampled to full size), so that what Stage II adds is measured.
/// </summary>
public static class StackGanEvaluation
{
    public static (TextToImage.TextToImageScore Final, TextToImage.TextToImageScore Sketches) Evaluate(StackGanPipeline pipeline,
        TextToImage.TextToImageSettings settings, Action<double>? progress = null)
    {
        Tensor? sketches = null;
        try
        {
            var final = TextToImage.TextToImageEvaluation.Evaluate(pipeline.TextEncoder, settings, (texts, report) =>
            {
                var finals = new List<Tensor>();
                var firsts = new List<Tensor>();
                const int chunk = 100;
                for (int start = 0; start < texts.Count; start += chunk)
                {
                    using var drawn = pipeline.Draw(texts.Skip(start).Take(chunk).ToArray(), settings.Seed + start);
                    finals.Add(FullSize(drawn.Final));
                    firsts.Add(FullSize(drawn.Sketches));
                    report?.Invoke(Math.Min(1, (start + chunk) / (double)texts.Count));
                }
                sketches = torch.cat(firsts, 0);
                firsts.ForEach(t => t.Dispose());
                var all = torch.cat(finals, 0);
                finals.ForEach(t => t.Dispose());
                return all;
            });
            var first = TextToImage.TextToImageEvaluation.Evaluate(pipeline.TextEncoder, settings, (_, _) => sketches!.alias());
            return (final, first with { ImagesPerSecond = final.ImagesPerSecond });
        }
        finally
        {
            sketches?.Dispose();
        }

        // [−1, 1] at any size → [0, 1] at the judge's size (Stage I's sketches upsampled bilinearly).
        Tensor FullSize(Tensor images)
        {
            using var unit = images.Add(1).Div(2);
            int size = pipeline.Config.ImageSize;
            if (images.shape[^1] == size)
                return unit.Clamp(0, 1);
            using var resized = nn.functional.interpolate(unit, size: [size, size], mode: InterpolationMode.Bilinear, align_corners: false);
            return resized.Clamp(0, 1);
        }
    }
}
