using Pigment.Core.Data;

namespace Pigment.Tests.Data;

public class EmojiTests
{
    [Fact]
    public void BothStylesSplitByEmojiWithNineCategories()
    {
        var train = (EmojiDataset)DatasetCatalog.Open("emoji");
        var test = (EmojiDataset)DatasetCatalog.Open("emoji", DatasetSplit.Test);
        Assert.Equal(3430, train.Count);
        Assert.Equal(382, test.Count);
        Assert.Equal(9, train.ClassNames.Count);
        Assert.Equal((64, 64, 3), (train.Width, train.Height, train.Channels));
        // No held-out emoji is in training, in either style.
        var trainNames = Enumerable.Range(0, train.Count).Select(i => train.Get(i).Caption).ToHashSet();
        Assert.DoesNotContain(Enumerable.Range(0, test.Count).Select(i => test.Get(i).Caption), trainNames.Contains);
        // Every category is in both splits; both styles are in each.
        Assert.Equal(9, Enumerable.Range(0, test.Count).Select(i => test.Get(i).Label).Distinct().Count());
        Assert.Equal([0, 1], Enumerable.Range(0, test.Count).Select(test.StyleOf).Distinct().Order());
    }

    [Fact]
    public void ImagesAreOnWhiteAndTheStylesDrawTheSameEmojiDifferently()
    {
        var google = DatasetCatalog.Open("emoji:google");
        var twitter = DatasetCatalog.Open("emoji:twitter");
        Assert.Equal(google.Count, twitter.Count);
        var a = google.Get(0);
        var b = twitter.Get(0);
        Assert.Equal(a.Caption, b.Caption);
        Assert.Equal("grinning", a.Caption);
        Assert.Equal(0, a.Label);                                                     // Smileys & Emotion
        Assert.Equal(new byte[] { 255, 255, 255 }, a.Image.Pixels[..3]);              // the corner is white
        Assert.True(a.Image.Pixels.Count(p => p < 200) > 500, "the emoji covers the middle");
        Assert.NotEqual(a.Image.Pixels, b.Image.Pixels);
        var styles = DatasetCatalog.Open("emoji:style");
        Assert.Equal(["google", "twitter"], styles.ClassNames);
        Assert.Equal(1, styles.Get(styles.Count - 1).Label);
        Assert.Throws<Pigment.Core.PigmentException>(() => DatasetCatalog.Open("emoji", size: 32));
    }
}
