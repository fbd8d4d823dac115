using Pigment.Classic.Texture;
using Pigment.Core;

namespace Pigment.Tests.Classic;

public class EfrosLeungTests
{
    [Fact]
    public void SynthesisReproducesAStripePeriod()
    {
        int period = 6;
        var sample = TextureSamples.Stripes(30, 30, period);
        var result = EfrosLeung.Synthesize(sample, new EfrosLeungOptions { Width = 36, Height = 36, Window = 7, Seed = 1 });
        // Shift invariance: f(x + p, y) = f(x, y), and f is constant down each column.
        Assert.True(TextureSamples.ShiftDifference(result, period, 0) < 0.02, $"shift by p: {TextureSamples.ShiftDifference(result, period, 0):F3}");
        Assert.True(TextureSamples.ShiftDifference(result, 0, 1) < 0.02);
        // The autocorrelation peak: among horizontal shifts 1…2p−1, p is the best match and half a period the worst.
        var differences = Enumerable.Range(1, 2 * period - 1).Select(s => TextureSamples.ShiftDifference(result, s, 0)).ToList();
        Assert.Equal(period, differences.IndexOf(differences.Min()) + 1);
        Assert.True(TextureSamples.ShiftDifference(result, period / 2, 0) > 0.6);
    }

    [Fact]
    public void SynthesisReproducesACheckerboardInBothDirections()
    {
        int period = 8;
        var sample = TextureSamples.Checker(32, period);
        var result = EfrosLeung.Synthesize(sample, new EfrosLeungOptions { Width = 32, Height = 32, Window = 9, Seed = 2 });
        Assert.True(TextureSamples.ShiftDifference(result, period, 0) < 0.03, $"x: {TextureSamples.ShiftDifference(result, period, 0):F3}");
        Assert.True(TextureSamples.ShiftDifference(result, 0, period) < 0.03, $"y: {TextureSamples.ShiftDifference(result, 0, period):F3}");
        Assert.True(TextureSamples.ShiftDifference(result, period / 2, 0) > 0.3);
    }

    [Fact]
    public void SameSeedSameImageDifferentSeedDifferentImage()
    {
        var sample = TextureSamples.Random(24, 24, 3, seed: 1);
        var options = new EfrosLeungOptions { Width = 20, Height = 16, Window = 5, Seed = 4 };
        var a = EfrosLeung.Synthesize(sample, options);
        Assert.Equal((20, 16, 3), (a.Width, a.Height, a.Channels));
        Assert.Equal(a.Data, EfrosLeung.Synthesize(sample, options).Data);
        Assert.NotEqual(a.Data, EfrosLeung.Synthesize(sample, options with { Seed = 5 }).Data);
    }

    [Theory]
    [InlineData(8, "odd")]
    [InlineData(41, "larger than the 40x40 sample")]
    public void BadWindowIsOneClearError(int window, string words)
    {
        var sample = TextureSamples.Random(40, 40, 1, seed: 1);
        var e = Assert.Throws<PigmentException>(() => EfrosLeung.Synthesize(sample, new EfrosLeungOptions { Window = window }));
        Assert.Contains(words, e.Message);
    }

    [Fact]
    public void NegativeSizeIsOneClearError()
    {
        var sample = TextureSamples.Random(40, 40, 1, seed: 1);
        var e = Assert.Throws<PigmentException>(() => EfrosLeung.Synthesize(sample, new EfrosLeungOptions { Width = -3, Height = -3 }));
        Assert.Contains("-3x-3", e.Message);
    }
}
