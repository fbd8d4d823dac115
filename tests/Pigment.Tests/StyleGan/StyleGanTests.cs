using Pigment.Core.Checkpoints;
using Pigment.Models.StyleGan;
using Pigment.Pipelines;
using Pigment.Tests.Diffusion;
using Pigment.Training;
using Pigment.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Tests.StyleGan;

public class StyleGanTests
{
    internal static StyleGanConfig Small => new() { ImageSize = 16, Channels = 3, LatentDim = 8, MappingLayers = 2, Widths = [16, 8, 8] };

    [Fact]
    public void ModulatedConvolutionEqualsConvolvingWithEachSamplesOwnDemodulatedWeight()
    {
        torch.manual_seed(0);
        using var conv = new ModulatedConv2d(4, 5, 3, styleDim: 6);
        using var x = torch.randn(2, 4, 7, 7);
        using var w = torch.randn(2, 6);
        using var y = conv.call(x, w);
        var parameters = conv.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        for (int b = 0; b < 2; b++)
        {
            // s = A(w) (equalized: weight·1/√6, bias 1), w′ = s·W/√(4·9), w″ = w′ / ‖w′‖ per output channel
            using var style = nn.functional.linear(w[b].unsqueeze(0), parameters["affine.weight"].Mul(1 / Math.Sqrt(6)), parameters["affine.bias"])[0];
            using var modulated = parameters["weight"].Mul(1 / 6.0).mul(style.reshape(1, 4, 1, 1));
            using var demodulated = modulated.div(modulated.square().sum([1, 2, 3], keepdim: true).Add(1e-8).sqrt());
            using var expected = nn.functional.conv2d(x[b].unsqueeze(0), demodulated, padding: [1, 1]);
            Assert.True(expected.allclose(y[b].unsqueeze(0), atol: 1e-4), $"sample {b}");
        }
    }

    [Fact]
    public void TruncationZeroDrawsTheMeanWAndImagesDependOnlyOnTheirOwnZ()
    {
        torch.manual_seed(1);
        using var g = new StyleGanGenerator(Small);
        g.eval();
        using var z = torch.randn(3, 8);
        g.TrackAverage(g.Map(z));                                               // give w̄ a value
        using var free = g.call(z);
        Assert.False(free[0].allclose(free[1], atol: 1e-3));
        g.Truncation = 0;
        using var truncated = g.call(z);
        Assert.True(truncated[0].allclose(truncated[1], atol: 1e-5) && truncated[1].allclose(truncated[2], atol: 1e-5));
        g.Truncation = 1;
        using var alone = g.call(z[1..2]);
        Assert.True(alone[0].allclose(free[1], atol: 1e-5));                    // fixed noise when drawing: no dependence on the batch
        Assert.Equal(new long[] { 3, 3, 16, 16 }, free.shape);
    }

    [Fact]
    public void EachLayerReadsItsOwnStyle()
    {
        torch.manual_seed(2);
        using var g = new StyleGanGenerator(Small);
        g.eval();
        using var w = g.Map(torch.randn(2, 8));
        int layers = Small.StyleCount;                                          // 6
        using var a = w[0].expand(1, layers, -1);
        using var b = w[1].expand(1, layers, -1);
        using var mixed = torch.cat([w[0].expand(1, 2, -1), w[1].expand(1, layers - 2, -1)], 1);
        using var imageA = g.Synthesize(a);
        using var imageB = g.Synthesize(b);
        using var imageMixed = g.Synthesize(mixed);
        Assert.False(imageMixed.allclose(imageA, atol: 1e-4));
        Assert.False(imageMixed.allclose(imageB, atol: 1e-4));
        // Only the last style (the final toRGB's) differing changes the image, and only through that layer.
        using var lastOnly = torch.cat([w[0].expand(1, layers - 1, -1), w[1].expand(1, 1, -1)], 1);
        using var imageLast = g.Synthesize(lastOnly);
        Assert.False(imageLast.allclose(imageA, atol: 1e-5));
    }

    private static Trainer NewTrainer(string folder)
    {
        torch.manual_seed(1);
        var config = new StyleGanConfig { ImageSize = 8, Channels = 1, LatentDim = 4, MappingLayers = 2, Widths = [8, 8], R1Every = 2 };
        var options = StyleGanTraining.Recipe() with { Steps = 4, BatchSize = 8, LearningRate = 2e-3, CheckpointEvery = 100, SampleEvery = 0, LogEvery = 1, Seed = 7, EmaDecay = 0.9 };
        return new Trainer(new StyleGanObjective(config), new TinyDataset(), options, new RunFolder(folder));
    }

    [Fact]
    public void ResumeContinuesIdenticallyIncludingTheTrackedMeanW()
    {
        using var temp = new TempFolder();
        var (straight, interrupted) = ResumeCheck.Run(temp.Path, NewTrainer, stopAfter: 1);
        ResumeCheck.AssertSameTensors(straight, interrupted, "model.safetensors", "checkpoint/model.safetensors", "checkpoint/critic.safetensors");
        using var weights = SafeTensors.Load(Path.Combine(straight, "checkpoint", "model.safetensors"));
        Assert.True(weights.Tensors["w_average"].abs().sum().item<float>() > 0, "w̄ was tracked");
        Assert.Contains("noise_const_0", weights.Tensors.Keys);
    }
}

public class StyleGanSamplingTests
{
    [Fact]
    public void TheRequestsTruncationReachesTheGeneratorAndOnlyAStyleGanTakesOne()
    {
        torch.manual_seed(3);
        var config = new StyleGanConfig { ImageSize = 8, Channels = 3, LatentDim = 4, MappingLayers = 1, Widths = [8, 8] };
        using var generator = new Pigment.Pipelines.Generation.GanGenerator("tiny", StyleGanObjective.FamilyName, new GanPipeline(new StyleGanGenerator(config)));
        using var truncated = generator.Generate(new Pigment.Pipelines.Generation.GenerationRequest { Count = 2, Seed = 0, Truncation = 0 });
        Assert.True(truncated.Images[0].allclose(truncated.Images[1], atol: 1e-5));   // ψ = 0: every image is w̄'s
        using var free = generator.Generate(new Pigment.Pipelines.Generation.GenerationRequest { Count = 2, Seed = 0 });
        Assert.False(free.Images[0].allclose(free.Images[1], atol: 1e-3));

        using var dcgan = new Pigment.Pipelines.Generation.GanGenerator("dcgan", "gan",
            new GanPipeline(new Pigment.Models.Gan.DcganGenerator(new Pigment.Models.Gan.GanConfig { ImageSize = 8, LatentDim = 4, Width = 8 })));
        Assert.Throws<PigmentException>(() => dcgan.Generate(new Pigment.Pipelines.Generation.GenerationRequest { Count = 1, Seed = 0, Truncation = 0.7 }));
    }

    [Fact]
    public void TheStyleMixingGridTakesCoarseStylesFromItsRowAndFineStylesFromItsColumn()
    {
        Assert.Equal(1, StyleMixing.Crossover(StyleGanTests.Small, 4));            // 16×16 has 3 stages: styles 0–5
        Assert.Equal(3, StyleMixing.Crossover(StyleGanTests.Small, 8));
        Assert.Throws<Pigment.Core.PigmentException>(() => StyleMixing.Crossover(StyleGanTests.Small, 16));
        torch.manual_seed(3);
        using var g = new StyleGanGenerator(StyleGanTests.Small);
        using var grid = StyleMixing.Grid(g, rows: 2, columns: 3, seed: 7, coarseResolution: 4);
        Assert.Equal(new long[] { 3, 3 * 18 + 2, 4 * 18 + 2 }, grid.shape);             // 16-pixel cells with 2-pixel padding
        Tensor Cell(int r, int c) => grid[.., TensorIndex.Slice(2 + 18 * r, 18 + 18 * r), TensorIndex.Slice(2 + 18 * c, 18 + 18 * c)];
        using var inference = torch.inference_mode();
        using var z = Pigment.Core.Seeds.PerItemNormal(5, [8], 7);
        using var w = g.Map(z);
        // Cell (row 1, column 2): style 0 from row source 1, styles 1–5 from column source 2 (z index 2 + 2).
        using var ws = torch.cat([w[1].expand(1, 1, -1), w[4].expand(1, 5, -1)], 1);
        using var expected = g.Synthesize(ws).Add(1).Div(2).Clamp(0, 1)[0];
        Assert.True(Cell(2, 3).allclose(expected, atol: 1e-5));
        using var columnSource = g.Synthesize(w[4].expand(1, 6, -1)).Add(1).Div(2).Clamp(0, 1)[0];
        Assert.True(Cell(0, 3).allclose(columnSource, atol: 1e-5));
        Assert.False(Cell(2, 3).allclose(columnSource, atol: 1e-3));
    }
}
