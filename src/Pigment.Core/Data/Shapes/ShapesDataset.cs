using Pigment.Core.Data.Shapes;
using Pigment.Core.Imaging;

namespace Pigment.Core.Data;

/// <summary>
/// The procedural Shapes dataset: captioned scenes of 1–3 coloured shapes, each image drawn on demand from
/// (seed, index), so the same seed always gives the same dataset and nothing is stored. The label is the kind of
/// the first object; the caption and the full ground truth (<see cref="GetScene"/>) describe the whole scene.
/// </summary>
public sealed class ShapesDataset : IImageDataset
{
    public const int DefaultSize = 32;

    /// <param name="captioned">The text-to-image form (<see cref="ShapeSceneGenerator.GenerateCaptioned"/>): counts,
    /// shorter wordings, and none of <see cref="ShapeVocabulary.HeldOutPairs"/>.</param>
    public ShapesDataset(int count = 50_000, int size = DefaultSize, long seed = 0, bool captioned = false)
    {
        if (count < 1)
            throw new PigmentException($"A Shapes dataset needs at least one image, not {count}.");
        if (size is < 16 or > 1024)
            throw new PigmentException($"Shapes images are from 16 to 1024 pixels wide, not {size}.");
        Count = count;
        Width = Height = size;
        Seed = seed;
        Captioned = captioned;
    }

    public bool Captioned { get; }

    public long Seed { get; }

    public string Name => $"{(Captioned ? "shapes:sd" : "shapes")}/seed{Seed}";

    public int Count { get; }

    public int Width { get; }

    public int Height { get; }

    public int Channels => 3;

    public IReadOnlyList<string> ClassNames { get; } = ShapeVocabulary.Kinds.Select(ShapeVocabulary.KindWord).ToArray();

    public ShapeScene GetScene(int index)
    {
        if ((uint)index >= (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(index), $"Index {index} is outside 0..{Count - 1}.");
        var random = new Random(Seeds.Mix(Seed, index));
        return Captioned
            ? ShapeSceneGenerator.GenerateCaptioned(random, Width, ShapeVocabulary.HeldOutPairs)
            : ShapeSceneGenerator.Generate(random, Width);
    }

    public DatasetItem Get(int index)
    {
        var scene = GetScene(index);
        return new DatasetItem(ShapeRenderer.Render(scene), (int)scene.Objects[0].Kind, scene.Caption);
    }
}
