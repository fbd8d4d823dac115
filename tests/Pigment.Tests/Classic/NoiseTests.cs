using Pigment.Classic.Imaging;
using Pigment.Classic.Noise;
using Pigment.Classic.Procedural;
using Pigment.Core;

namespace Pigment.Tests.Classic;

public class NoiseTests
{
    public static TheoryData<NoiseKind, FractalKind, double> Variants => new()
    {
        { NoiseKind.Perlin, FractalKind.Fbm, 0 },
        { NoiseKind.Simplex, FractalKind.Fbm, 0 },
        { NoiseKind.Value, FractalKind.Ridged, 0 },
        { NoiseKind.Worley, FractalKind.Turbulence, 0 },
        { NoiseKind.Perlin, FractalKind.Fbm, 0.3 },
        { NoiseKind.Simplex, FractalKind.Ridged, 0.2 },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void TileableNoiseIsPeriodicInTheImageSize(NoiseKind kind, FractalKind fractal, double warp)
    {
        // Non-integer frequency and lacunarity: tileable rounds every octave to whole cells.
        var settings = new ProceduralSettings { Kind = kind, Fractal = fractal, Warp = warp, Size = 64, Frequency = 3.3, Lacunarity = 2.1, Octaves = 4, Tileable = true, Seed = 11 };
        var noise = new FractalNoise(settings);
        var random = new Random(1);
        for (int i = 0; i < 200; i++)
        {
            double x = random.NextDouble() * 64, y = random.NextDouble() * 64;
            double v = noise.ValueAtPixel(x, y);
            // f(x + N, y) = f(x, y + N) = f(x − N, y − N) = f(x, y)
            Assert.Equal(v, noise.ValueAtPixel(x + 64, y), 4);
            Assert.Equal(v, noise.ValueAtPixel(x, y + 64), 4);
            Assert.Equal(v, noise.ValueAtPixel(x - 64, y - 64), 4);
        }
    }

    [Theory]
    [InlineData(NoiseKind.Perlin)]
    [InlineData(NoiseKind.Simplex)]
    [InlineData(NoiseKind.Value)]
    [InlineData(NoiseKind.Worley)]
    public void TileableImageWrapsSeamlessly(NoiseKind kind)
    {
        // Across the seam (last column → first) the image changes no more than between any two neighbouring
        // columns; without --tileable the seam is a visible jump.
        var tiled = ProceduralGenerator.Render(new ProceduralSettings { Kind = kind, Size = 128, Octaves = 3, Tileable = true, Seed = 3 });
        var plain = ProceduralGenerator.Render(new ProceduralSettings { Kind = kind, Size = 128, Octaves = 3, Tileable = false, Seed = 3 });
        double neighbour = MeanColumnStep(tiled);
        Assert.True(Seam(tiled) < 3 * neighbour, $"tiled seam {Seam(tiled):F4} vs neighbouring columns {neighbour:F4}");
        Assert.True(SeamRows(tiled) < 3 * neighbour, $"tiled row seam {SeamRows(tiled):F4} vs {neighbour:F4}");
        Assert.True(Seam(plain) > 3 * MeanColumnStep(plain), $"untiled seam {Seam(plain):F4} should be a jump");
    }

    [Fact]
    public void SameSeedSameImageDifferentSeedDifferentImage()
    {
        var a = ProceduralGenerator.Render(new ProceduralSettings { Kind = NoiseKind.Simplex, Size = 48, Seed = 5, Warp = 0.2 });
        var b = ProceduralGenerator.Render(new ProceduralSettings { Kind = NoiseKind.Simplex, Size = 48, Seed = 5, Warp = 0.2 });
        var c = ProceduralGenerator.Render(new ProceduralSettings { Kind = NoiseKind.Simplex, Size = 48, Seed = 6, Warp = 0.2 });
        Assert.Equal(a.Data, b.Data);
        Assert.NotEqual(a.Data, c.Data);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(33)]
    [InlineData(100)]
    public void RendersTheRequestedSizeInTheUnitRange(int size)
    {
        var image = ProceduralGenerator.Render(new ProceduralSettings { Kind = NoiseKind.Worley, Size = size, Frequency = 1, Seed = 1 });
        Assert.Equal((size, size, 1), (image.Width, image.Height, image.Channels));
        Assert.All(image.Data, v => Assert.InRange(v, 0f, 1f));
        if (size > 1)
            Assert.Equal(1f, image.Data.Max());
        var rgb = ColorMap.Get("viridis").Apply(image);
        Assert.Equal((size, size, 3), (rgb.Width, rgb.Height, rgb.Channels));
    }

    [Fact]
    public void NoiseStaysInItsNominalRange()
    {
        var random = new Random(2);
        INoise2D[] noises = [new PerlinNoise(1), new SimplexNoise(1), new ValueNoise(1)];
        foreach (var noise in noises)
        {
            for (int i = 0; i < 2000; i++)
                Assert.InRange(noise.Sample(random.NextDouble() * 50 - 25, random.NextDouble() * 50 - 25, i % 2 == 0 ? 0 : 7), -1.2f, 1.2f);
        }
    }

    [Fact]
    public void ColorMapsInterpolateTheirAnchors()
    {
        Assert.Equal(((byte)0x44, (byte)0x01, (byte)0x54), ColorMap.Get("viridis").At(0));
        Assert.Equal(((byte)0xFD, (byte)0xE7, (byte)0x25), ColorMap.Get("VIRIDIS").At(1));
        Assert.Equal(((byte)128, (byte)128, (byte)128), ColorMap.Get("gray").At(0.5 + 0.5 / 255));
    }

    [Theory]
    [InlineData(-4, 5, 4.0, "size")]
    [InlineData(64, 0, 4.0, "octaves")]
    [InlineData(64, 5, 0.0, "frequency")]
    public void BadSettingsGiveOneClearError(int size, int octaves, double frequency, string word)
    {
        var e = Assert.Throws<PigmentException>(() => new FractalNoise(new ProceduralSettings { Size = size, Octaves = octaves, Frequency = frequency }));
        Assert.Contains(word, e.Message);
    }

    [Fact]
    public void UnknownColorMapNamesTheChoices()
    {
        var e = Assert.Throws<PigmentException>(() => ColorMap.Get("rainbow"));
        Assert.Contains("viridis", e.Message);
    }

    private static double Seam(FloatImage image) => MeanAbsDifference(image, image.Width - 1, 0, columns: true);

    private static double SeamRows(FloatImage image) => MeanAbsDifference(image, image.Height - 1, 0, columns: false);

    private static double MeanColumnStep(FloatImage image)
    {
        double sum = 0;
        for (int x = 0; x + 1 < image.Width; x++)
            sum += MeanAbsDifference(image, x, x + 1, columns: true);
        return sum / (image.Width - 1);
    }

    private static double MeanAbsDifference(FloatImage image, int a, int b, bool columns)
    {
        double sum = 0;
        int n = columns ? image.Height : image.Width;
        for (int i = 0; i < n; i++)
            sum += columns ? Math.Abs(image[a, i, 0] - image[b, i, 0]) : Math.Abs(image[i, a, 0] - image[i, b, 0]);
        return sum / n;
    }
}
