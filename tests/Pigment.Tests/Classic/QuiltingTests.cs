using Pigment.Classic.Imaging;
using Pigment.Classic.Texture;
using Pigment.Core;

namespace Pigment.Tests.Classic;

public class QuiltingTests
{
    [Fact]
    public void OverlapErrorsForAllCandidatesEqualDirectSums()
    {
        // Integral image + SIMD correlation against the definition Σ_c Σ_R (S − T)², on an L-shaped overlap.
        var sample = TextureSamples.Random(23, 19, 3, seed: 1);
        int block = 8;
        var search = new PatchSearch(sample, block);
        var template = TextureSamples.Random(block, block, 3, seed: 2).Data;
        var rects = ImageQuilting.OverlapRects(block, 3, 2);
        var errors = new float[search.CandidateCount];
        search.AddSsd(template, rects, 0.5f, errors);
        for (int v = 0; v < search.CandidatesY; v++)
        {
            for (int u = 0; u < search.CandidatesX; u++)
            {
                double direct = 0;
                for (int c = 0; c < 3; c++)
                {
                    for (int y = 0; y < block; y++)
                    {
                        for (int x = 0; x < block; x++)
                        {
                            if (x >= 3 && y >= 2)
                                continue; // outside the L
                            double d = sample[u + x, v + y, c] - template[(c * block + y) * block + x];
                            direct += d * d;
                        }
                    }
                }
                Assert.Equal(0.5 * direct, errors[v * search.CandidatesX + u], 3);
            }
        }
    }

    [Theory]
    [InlineData(64, 64)]
    [InlineData(100, 37)]
    [InlineData(5, 5)]
    public void OutputHasTheRequestedSize(int width, int height)
    {
        var sample = TextureSamples.Checker(40, 8);
        var result = ImageQuilting.Synthesize(sample, new QuiltingOptions { Width = width, Height = height, Block = 12, Seed = 1 });
        Assert.Equal((width, height, 3), (result.Width, result.Height, result.Channels));
    }

    [Fact]
    public void SameSeedSameImageDifferentSeedDifferentImage()
    {
        var sample = TextureSamples.Random(48, 48, 3, seed: 4);
        var options = new QuiltingOptions { Width = 80, Height = 80, Block = 16, Seed = 9 };
        var a = ImageQuilting.Synthesize(sample, options);
        var b = ImageQuilting.Synthesize(sample, options);
        var c = ImageQuilting.Synthesize(sample, options with { Seed = 10 });
        Assert.Equal(a.Data, b.Data);
        Assert.NotEqual(a.Data, c.Data);
    }

    [Fact]
    public void QuiltingAPeriodicSampleKeepsItsPeriod()
    {
        // With an overlap wide enough to fix the phase (6 columns always hold a stripe edge), blocks must line up
        // with the stripes already placed (exact-phase candidates have zero overlap error), so the output keeps the
        // sample's period everywhere, across block seams too.
        var sample = TextureSamples.Stripes(64, 64, 10);
        var result = ImageQuilting.Synthesize(sample, new QuiltingOptions { Width = 120, Height = 120, Block = 20, Overlap = 6, Seed = 3 });
        Assert.True(TextureSamples.ShiftDifference(result, 10, 0) < 1e-6);
        Assert.True(TextureSamples.ShiftDifference(result, 5, 0) > 0.5);
    }

    [Fact]
    public void BlockLargerThanTheSampleIsOneClearError()
    {
        var sample = TextureSamples.Random(20, 30, 1, seed: 1);
        var e = Assert.Throws<PigmentException>(() => ImageQuilting.Synthesize(sample, new QuiltingOptions { Block = 24 }));
        Assert.Contains("larger than the 20x30 sample", e.Message);
    }

    [Theory]
    [InlineData(-5, 16, null, "size")]
    [InlineData(64, 16, 9, "overlap")]
    [InlineData(64, 2, null, "block")]
    public void BadParametersAreOneClearError(int size, int block, int? overlap, string word)
    {
        var sample = TextureSamples.Random(32, 32, 1, seed: 1);
        var e = Assert.Throws<PigmentException>(() => ImageQuilting.Synthesize(sample, new QuiltingOptions { Width = size, Height = size, Block = block, Overlap = overlap }));
        Assert.Contains(word, e.Message);
    }

    [Fact]
    public void TransferFollowsTheTarget()
    {
        // Sample: a dark half and a light half. Target: a bright disc on black. The result must be light where
        // the disc is and dark elsewhere.
        var sample = new FloatImage(48, 48, 1);
        var noise = new Random(1);
        for (int y = 0; y < 48; y++)
        {
            for (int x = 0; x < 48; x++)
                sample[x, y, 0] = (x < 24 ? 0.2f : 0.8f) + (float)(noise.NextDouble() * 0.1 - 0.05);
        }
        var target = new FloatImage(60, 60, 1);
        for (int y = 0; y < 60; y++)
        {
            for (int x = 0; x < 60; x++)
                target[x, y, 0] = (x - 30) * (x - 30) + (y - 30) * (y - 30) < 18 * 18 ? 1f : 0f;
        }
        var options = new TransferOptions { Block = 12, Passes = 2, Alpha = 0.5, Seed = 2 };
        var result = TextureTransfer.Transfer(sample, target, options);
        Assert.Equal((60, 60, 1), (result.Width, result.Height, result.Channels));
        double inside = 0, outside = 0;
        int ni = 0, no = 0;
        for (int y = 0; y < 60; y++)
        {
            for (int x = 0; x < 60; x++)
            {
                double r2 = (x - 30) * (x - 30) + (y - 30) * (y - 30);
                if (r2 < 12 * 12) { inside += result[x, y, 0]; ni++; }
                else if (r2 > 24 * 24) { outside += result[x, y, 0]; no++; }
            }
        }
        Assert.True(inside / ni > 0.65, $"inside mean {inside / ni:F3}");
        Assert.True(outside / no < 0.35, $"outside mean {outside / no:F3}");
        Assert.Equal(result.Data, TextureTransfer.Transfer(sample, target, options).Data);
    }

    [Fact]
    public void TransferSchedulesBlocksAndAlphaLikeThePaper()
    {
        var options = new TransferOptions { Block = 36, Alpha = 0.9, Passes = 3 };
        Assert.Equal([36, 24, 16], new[] { options.BlockOfPass(1), options.BlockOfPass(2), options.BlockOfPass(3) });
        Assert.Equal(0.1, options.AlphaOfPass(1), 9);
        Assert.Equal(0.5, options.AlphaOfPass(2), 9);
        Assert.Equal(0.9, options.AlphaOfPass(3), 9);
    }
}
