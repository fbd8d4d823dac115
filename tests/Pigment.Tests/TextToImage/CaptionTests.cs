using Pigment.Core.Data;
using Pigment.Core.Data.Shapes;
using Pigment.Models.TextEncoders;
using Xunit;

namespace Pigment.Tests.TextToImage;

public sealed class CaptionTests
{
    [Fact]
    public void TheTextToImageScenesNeverHoldAHeldOutPairAndDoCount()
    {
        var set = new ShapesDataset(count: 3000, size: 64, seed: 0, captioned: true);
        var scenes = Enumerable.Range(0, set.Count).Select(set.GetScene).ToList();
        Assert.DoesNotContain(scenes.SelectMany(s => s.Objects), o => ShapeVocabulary.HeldOutPairs.Contains(new ShapePair(o.Color.Name, o.Kind)));
        Assert.Contains(scenes, s => s.Caption.StartsWith("two ", StringComparison.Ordinal));
        Assert.Contains(scenes, s => s.Caption.StartsWith("three ", StringComparison.Ordinal));
        Assert.Contains(scenes, s => s.Caption.Contains(" and ", StringComparison.Ordinal) && s.Caption.StartsWith("two ", StringComparison.Ordinal));
        Assert.Contains(scenes, s => s.Caption.Contains("an orange ", StringComparison.Ordinal));
        Assert.DoesNotContain(scenes, s => s.Caption.Contains("a orange", StringComparison.Ordinal));
        // Every caption uses the vocabulary only, and a count names that many objects.
        var words = ShapeVocabulary.Words.ToHashSet();
        foreach (var s in scenes)
        {
            Assert.All(WordTokenizer.Words(s.Caption), w => Assert.Contains(w, words));
            Assert.Equal(s.Objects.Count, s.Groups().Sum(g => g.Count));
        }
    }

    [Fact]
    public void TodaysCaptionsKeepTheirFullWording()
    {
        var scene = new ShapeScene(64, ShapeVocabulary.Backgrounds[0],
            [new(ShapeKind.Circle, ShapeVocabulary.Color("red"), ShapeSize.Small, 10, 10, 5, 0), new(ShapeKind.Circle, ShapeVocabulary.Color("red"), ShapeSize.Small, 40, 40, 5, 0)],
            null, true);
        Assert.Equal("a small red circle and a small red circle on a white background", scene.Caption);
        Assert.Equal("two red circles on a white background", (scene with { Wording = new ShapeWording(Sizes: false, Counts: true) }).Caption);
    }

    [Fact]
    public void TheTokenizerNamesUnknownWordsAndCutsLongPrompts()
    {
        var tokenizer = new WordTokenizer(ShapeVocabulary.Words, 8);
        var read = tokenizer.Encode("An ORANGE, fluffy circle");
        Assert.Equal(["fluffy"], read.Unknown);
        Assert.Equal(5, read.Length);                                        // [bos] a orange circle [eos]
        Assert.Equal(WordTokenizer.Bos, read.Ids[0]);
        Assert.Equal(WordTokenizer.Eos, read.Ids[4]);
        Assert.Equal(WordTokenizer.Pad, read.Ids[5]);
        var cut = tokenizer.Encode("a red circle above a blue square on a white background");
        Assert.Equal(8, cut.Length);
        Assert.Equal(["square", "on", "a", "white", "background"], cut.Dropped);
        Assert.Equal(2, tokenizer.Encode("").Length);
    }

    [Theory]
    [InlineData("a red circle above a blue square")]
    [InlineData("two green stars and a yellow cross on a black background")]
    [InlineData("a hexagon")]
    public void HardNegativesAreFalseVariants(string caption)
    {
        var random = new Random(1);
        for (int i = 0; i < 30; i++)
        {
            var negative = CaptionNegatives.Corrupt(caption, random);
            Assert.NotEqual(caption, negative);
            Assert.Equal(WordTokenizer.Words(caption).Count, WordTokenizer.Words(negative).Count);
        }
        Assert.Equal("a blue square above a red circle", CaptionNegativesSwap("a red circle above a blue square"));
    }

    private static string CaptionNegativesSwap(string caption)
    {
        // The relation swap is one of the changes; find it among many draws.
        var random = new Random(2);
        for (int i = 0; i < 200; i++)
            if (CaptionNegatives.Corrupt(caption, random) is var c && c.StartsWith("a blue square above", StringComparison.Ordinal))
                return c;
        return "";
    }
}
