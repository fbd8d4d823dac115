using Pigment.Core.Data;
using Pigment.Core.Data.Shapes;
using Pigment.Core.Imaging;
using Pigment.Models.TextEncoders;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Evaluation;

/// <summary>How well a CLIP matches captions to scenes it never trained on.</summary>
/// <param name="Top1">caption → image: the share of captions whose own scene scores highest among all the scenes</param>
/// <param name="RelationPairs">caption → image between a two-object scene and the same scene with its two objects'
/// places exchanged (so the caption's relation is false of it): the share that picks the true one</param>
public sealed record RetrievalScore(int Scenes, double Top1, int Pairs, double RelationPairs);

public static class ClipRetrieval
{
    /// <summary>Scores <paramref name="clip"/> on the first <paramref name="scenes"/> scenes of <paramref name="test"/>
    /// (top-1 among them) and on up to that many relation scenes with their swapped twins.</summary>
    public static RetrievalScore Measure(ClipModel clip, ShapesDataset test, int scenes = 100)
    {
        using var scope = torch.NewDisposeScope();
        using var inference = torch.inference_mode();
        var device = clip.parameters().First().device;

        var chosen = Enumerable.Range(0, scenes).Select(test.GetScene).ToList();
        var similarity = Similarities(clip, chosen.Select(s => s.Caption).ToList(), chosen, device);     // (N captions, N images)
        var best = similarity.argmax(1);
        double top1 = best.eq(Pigment.Core.ScalarMath.Arange(scenes)).to(ScalarType.Float32).mean().item<float>();

        var relation = new List<ShapeScene>();
        for (int i = 0; relation.Count < scenes && i < test.Count; i++)
            if (test.GetScene(i) is { Relation: not null, Objects.Count: 2 } s)
                relation.Add(s);
        int right = 0;
        foreach (var scene in relation)
        {
            var swapped = scene with
            {
                Objects =
                [
                    scene.Objects[0] with { CenterX = scene.Objects[1].CenterX, CenterY = scene.Objects[1].CenterY },
                    scene.Objects[1] with { CenterX = scene.Objects[0].CenterX, CenterY = scene.Objects[0].CenterY },
                ],
            };
            using var pair = Similarities(clip, [scene.Caption], [scene, swapped], device);                 // (1, 2)
            if (pair[0, 0].item<float>() > pair[0, 1].item<float>())
                right++;
        }
        return new RetrievalScore(scenes, top1, relation.Count, relation.Count == 0 ? double.NaN : (double)right / relation.Count);
    }

    /// <summary>Cosine similarities (captions × scenes) of the CLIP embeddings.</summary>
    private static Tensor Similarities(ClipModel clip, IReadOnlyList<string> captions, IReadOnlyList<ShapeScene> scenes, Device device)
    {
        using var scope = torch.NewDisposeScope();
        using var images = ImageTensor.ToBatch(scenes.Select(ShapeRenderer.Render).ToList(), PixelRange.MinusOneToOne, device);
        using var text = clip.EncodeText(captions, device);
        var t = nn.functional.normalize(text.Pooled, dim: 1);
        var i = nn.functional.normalize(clip.Image.call(images), dim: 1);
        return torch.matmul(t, i.t()).MoveToOuterDisposeScope();
    }
}
