using System.Text;
using Pigment.Core;
using Pigment.Core.Imaging;

namespace Pigment.Tests.Core;

public class PngTextTests
{
    [Fact]
    public void Crc32MatchesTheStandardCheckValue()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute(Encoding.ASCII.GetBytes("123456789")));
        Assert.Equal(Crc32.Compute("123456789"u8), Crc32.Append(Crc32.Compute("1234"u8), "56789"u8));
    }

    [Fact]
    public void ParametersAreWrittenAndReadBack()
    {
        using var temp = new TempFolder();
        var parameters = new GenerationParameters
        {
            Prompt = "a small red circle above a blue square",
            NegativePrompt = "blurry",
            Steps = 20,
            Sampler = "DPM++ 2M",
            CfgScale = 3,
            Seed = 42,
            Width = 32,
            Height = 32,
            Model = "ddpm-mnist",
        };
        var text = parameters.Format();
        Assert.Equal("a small red circle above a blue square\nNegative prompt: blurry\nSteps: 20, Sampler: DPM++ 2M, CFG scale: 3, Seed: 42, Size: 32x32, Model: ddpm-mnist", text);
        var path = temp.File("x.png");
        ImageIO.Save(PixelImageTests.Gradient(8, 8), path, text);
        Assert.Equal(text, PngText.ReadParameters(path));
        var back = GenerationParameters.Parse(PngText.ReadParameters(path)!);
        Assert.Equal(parameters.Format(), back.Format());
        Assert.Equal(42, back.Seed);
        // The image itself is untouched by the extra chunk.
        Assert.Equal(PixelImageTests.Gradient(8, 8).Pixels, ImageIO.Load(path).Pixels);
    }

    [Fact]
    public void ParsesAutomatic1111TextWithQuotedValuesAndUnknownKeys()
    {
        var text = "masterpiece, a cat\nsecond line\nNegative prompt: ugly, blurry\n" +
                   "Steps: 30, Sampler: Euler a, Schedule type: Karras, CFG scale: 7.5, Seed: 1234567890, Size: 512x768, Model hash: abc, Model: sd15, Lora hashes: \"x: 1, y: 2\", Version: v1.10";
        var p = GenerationParameters.Parse(text);
        Assert.Equal("masterpiece, a cat\nsecond line", p.Prompt);
        Assert.Equal("ugly, blurry", p.NegativePrompt);
        Assert.Equal(30, p.Steps);
        Assert.Equal("Euler a", p.Sampler);
        Assert.Equal(7.5, p.CfgScale);
        Assert.Equal(1234567890L, p.Seed);
        Assert.Equal((512, 768), (p.Width!.Value, p.Height!.Value));
        Assert.Equal("sd15", p.Model);
        Assert.Contains(new KeyValuePair<string, string>("Lora hashes", "x: 1, y: 2"), p.Extra);
        Assert.Contains(new KeyValuePair<string, string>("Schedule type", "Karras"), p.Extra);
        Assert.Equal(p.Format(), GenerationParameters.Parse(p.Format()).Format());
    }

    [Fact]
    public void PromptOnlyTextHasNoSettings()
    {
        var p = GenerationParameters.Parse("just a prompt");
        Assert.Equal("just a prompt", p.Prompt);
        Assert.Null(p.Steps);
    }

    [Fact]
    public void NonLatinTextUsesITxtAndReplacesEarlierChunks()
    {
        var png = ImageIO.Encode(PixelImageTests.Gradient(4, 4), SkiaSharp.SKEncodedImageFormat.Png);
        var once = PngText.Insert(png, "parameters", "first");
        var twice = PngText.Insert(once, "parameters", "ein grüner Kreis — 円");
        Assert.Equal("ein grüner Kreis — 円", PngText.Read(twice)["parameters"]);
        Assert.Single(PngText.Read(twice));
        Assert.Contains("iTXt"u8.ToArray(), Chunks(twice));
    }

    [Fact]
    public void CorruptPngIsRejected()
    {
        var png = PngText.Insert(ImageIO.Encode(PixelImageTests.Gradient(4, 4), SkiaSharp.SKEncodedImageFormat.Png), "parameters", "hello");
        int at = IndexOf(png, "hello"u8.ToArray());
        png[at] ^= 0x20;
        var e = Assert.Throws<PigmentException>(() => PngText.Read(png));
        Assert.Contains("CRC", e.Message);
    }

    private static IEnumerable<byte[]> Chunks(byte[] png)
    {
        for (int pos = 8; pos + 8 <= png.Length;)
        {
            int length = (png[pos] << 24) | (png[pos + 1] << 16) | (png[pos + 2] << 8) | png[pos + 3];
            yield return png[(pos + 4)..(pos + 8)];
            pos += 12 + length;
        }
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
