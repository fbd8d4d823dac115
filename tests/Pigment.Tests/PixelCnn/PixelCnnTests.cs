using Pigment.Core;
using Pigment.Core.Checkpoints;
using Pigment.Core.Data;
using Pigment.Models.PixelCnn;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Tests.PixelCnn;

public class PixelCnnTests
{
    private static PixelCnnConfig Tiny(PixelCnnOutput output = PixelCnnOutput.Bernoulli, int classes = 0) => new()
    {
        ImageSize = 8, Channels = 8, Layers = 4, FirstKernel = 3, Kernel = 3, HeadChannels = 8, Output = output, NumClasses = classes,
        ClassNames = Enumerable.Range(0, classes).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
    };

    /// <summary>∂(logits at pixel (r, c)) / ∂x for one random image: (H, W).</summary>
    private static float[,] InputGradient(GatedPixelCnn network, Tensor x, Tensor? labels, int r, int c)
    {
        using var input = TensorAssert.Snapshot(x).requires_grad_(true);
        using var logits = network.Logits(input, labels);
        using var picked = logits[0, .., r, c].sum();
        picked.backward();
        using var grad = input.grad!.abs()[0, 0].contiguous();
        var values = grad.data<float>().ToArray();
        int w = (int)x.shape[3];
        var result = new float[x.shape[2], w];
        for (int i = 0; i < values.Length; i++)
            result[i / w, i % w] = values[i];
        return result;
    }

    [Theory]
    [InlineData(PixelCnnOutput.Bernoulli, 0)]
    [InlineData(PixelCnnOutput.Categorical, 0)]
    [InlineData(PixelCnnOutput.Bernoulli, 3)]
    public void LogitsAtAPixelDependOnlyOnEarlierPixels(PixelCnnOutput output, int classes)
    {
        torch.manual_seed(7);
        var network = new GatedPixelCnn(Tiny(output, classes));
        using var x = torch.rand(1, 1, 8, 8, generator: new Generator(1));
        using var labels = classes > 0 ? torch.tensor(new long[] { 2 }) : null;
        foreach (var (r, c) in new[] { (0, 0), (0, 5), (3, 0), (4, 4), (2, 7), (7, 7), (5, 1) })
        {
            var grad = InputGradient(network, x, labels, r, c);
            for (int i = 0; i < 8; i++)
                for (int j = 0; j < 8; j++)
                {
                    bool later = i * 8 + j >= r * 8 + c;     // raster order, the pixel itself included
                    if (later)
                        Assert.True(grad[i, j] == 0, $"logits at ({r},{c}) depend on ({i},{j}): gradient {grad[i, j]}");
                }
            for (int i = 0; i < r - network.ReceptiveRows; i++)
                for (int j = 0; j < 8; j++)
                    Assert.True(grad[i, j] == 0, $"({r},{c}) depends on ({i},{j}), more than {network.ReceptiveRows} rows up");
            if (r - network.ReceptiveRows >= 0)
                Assert.True(Enumerable.Range(0, 8).Any(j => grad[r - network.ReceptiveRows, j] > 0), $"({r},{c}) does not reach {network.ReceptiveRows} rows up");
            if (c > 0)
                Assert.True(grad[r, c - 1] > 0, $"({r},{c}) ignores its left neighbour");
            if (r > 0)
                Assert.True(grad[r - 1, c] > 0, $"({r},{c}) ignores the pixel above");
        }

        // No blind spot: after four layers (3 × 3 kernels) pixel (4, 4) sees the up-right diagonal that the original
        // masked PixelCNN misses, and the far end of its row above.
        var diagonal = InputGradient(network, x, labels, 4, 4);
        foreach (var (i, j) in new[] { (3, 5), (2, 6), (1, 7), (3, 7), (2, 7) })
            Assert.True(diagonal[i, j] > 0, $"(4,4) has a blind spot at ({i},{j})");
        // The first column sees the previous row's right end (through the vertical stack).
        var firstColumn = InputGradient(network, x, labels, 3, 0);
        Assert.True(firstColumn[2, 1] > 0 && firstColumn[1, 2] > 0);
    }

    /// <summary>Scales the head's output weights up so the conditionals are far from uniform (a leak then shows).</summary>
    private static GatedPixelCnn Sharpened(GatedPixelCnn network)
    {
        using var noGrad = torch.no_grad();
        foreach (var (name, p) in network.named_parameters())
            if (name == "head_out.weight")
                p.Mul_(30);
        return network;
    }

    [Fact]
    public void LogitsOfARowNeedOnlyTheReceptiveRowsAbove()
    {
        torch.manual_seed(9);
        var network = new GatedPixelCnn(Tiny() with { ImageSize = 12, Layers = 2 });   // R = 1 + 1 + 1 = 3 rows
        Assert.Equal(3, network.ReceptiveRows);
        using var x = torch.rand(2, 1, 12, 12, generator: new Generator(4)).LessThan(0.5).to_type(ScalarType.Float32);
        using var noGrad = torch.no_grad();
        using var full = network.Logits(x, null);
        for (int row = 0; row < 12; row++)
        {
            int top = Math.Max(0, row - network.ReceptiveRows);
            using var crop = network.Logits(x[.., .., top..(row + 1), ..], null);
            Assert.True(crop[.., .., row - top].allclose(full[.., .., row], atol: 1e-5), $"row {row}");
        }
        // One row fewer is not enough.
        using var tooShort = network.Logits(x[.., .., 8..11, ..], null);
        Assert.False(tooShort[.., .., 2].allclose(full[.., .., 10], atol: 1e-5));
    }

    [Fact]
    public void ProbabilitiesOfAllBinaryImagesSumToOne()
    {
        // An autoregressive model is normalised only if no pixel sees itself or a later one: Σ_x p(x) = 1 over all
        // 2⁹ binary 3 × 3 images, for every class.
        torch.manual_seed(3);
        var network = Sharpened(new GatedPixelCnn(Tiny(classes: 2)));
        using var count = 512.ToScalar();
        using var codes = torch.arange(count, ScalarType.Int64);
        using var bits = torch.stack(Enumerable.Range(0, 9).Select(k => codes.bitwise_right_shift(k).bitwise_and(1)), 1);
        using var x = bits.to_type(ScalarType.Float32).reshape(512, 1, 3, 3);
        using var noGrad = torch.no_grad();
        for (long y = 0; y < 2; y++)
        {
            using var labels = ScalarMath.Full([512], y, ScalarType.Int64);
            using var nll = network.NegativeLogLikelihood(x, labels).to_type(ScalarType.Float64);
            Assert.Equal(1.0, (-nll).exp().sum().item<double>(), 4);
        }
    }

    [Fact]
    public void CategoricalProbabilitiesOfAllTwoPixelImagesSumToOne()
    {
        torch.manual_seed(4);
        var network = Sharpened(new GatedPixelCnn(Tiny(PixelCnnOutput.Categorical)));
        using var count = 65536.ToScalar();
        using var values = torch.arange(count, ScalarType.Int64);
        using var radix = 256.ToScalar();
        using var x = torch.stack([values.div(radix, RoundingMode.floor), values.remainder(radix)], 1).to_type(ScalarType.Float32).Div(255).reshape(65536, 1, 2, 1);
        using var noGrad = torch.no_grad();
        using var nll = network.NegativeLogLikelihood(x, null).to_type(ScalarType.Float64);
        Assert.Equal(1.0, (-nll).exp().sum().item<double>(), 4);
    }

    [Fact]
    public void BernoulliLossIsTheNllComputedByHand()
    {
        torch.manual_seed(5);
        var objective = new PixelCnnObjective(Tiny() with { ImageSize = 3 });
        var network = objective.Network;
        using var g = new Generator(2);
        using var binary = torch.rand(2, 1, 3, 3, generator: g).LessThan(0.5).to_type(ScalarType.Float32);  // (2, 1, 3, 3) in {0, 1}
        // Images already at −1 / 1: dynamic binarization leaves them as they are (u < 1 always, u < 0 never).
        using var batch = new Batch(binary.Mul(2).Sub(1), torch.zeros(2, ScalarType.Int64), new string?[2], 0, 0);
        using var loss = objective.Loss(network, batch, new Generator(9));

        using var logits = network.Logits(binary, null).detach();
        var l = logits.data<float>().ToArray();
        var v = binary.data<float>().ToArray();
        double total = 0;
        for (int i = 0; i < l.Length; i++)
        {
            double p = 1 / (1 + Math.Exp(-l[i]));                       // p(x_i = 1 | x_<i) = σ(l_i)
            total -= v[i] == 1 ? Math.Log(p) : Math.Log(1 - p);
        }
        Assert.Equal(total / 2, loss.item<float>(), 3);                  // nats per image, averaged over the batch
    }

    [Fact]
    public void CategoricalLossIsTheNllInBitsPerDimension()
    {
        torch.manual_seed(6);
        var objective = new PixelCnnObjective(Tiny(PixelCnnOutput.Categorical) with { ImageSize = 2 });
        var network = objective.Network;
        var values = new float[] { 0, 17, 255, 128, 3, 3, 200, 90 };
        using var x = torch.tensor(values, [2, 1, 2, 2]).Div(255);
        using var batch = new Batch(x.Mul(2).Sub(1), torch.zeros(2, ScalarType.Int64), new string?[2], 0, 0);
        using var loss = objective.Loss(network, batch, new Generator(1));

        using var logits = network.Logits(x, null).detach();         // (2, 256, 2, 2)
        double nats = 0;
        for (int b = 0; b < 2; b++)
            for (int i = 0; i < 2; i++)
                for (int j = 0; j < 2; j++)
                {
                    var row = logits[b, .., i, j].to_type(ScalarType.Float64).data<double>().ToArray();
                    double max = row.Max();
                    double logZ = max + Math.Log(row.Sum(a => Math.Exp(a - max)));
                    nats -= row[(int)values[b * 4 + i * 2 + j]] - logZ;  // −log softmax(l)[v]
                }
        Assert.Equal(nats / (2 * 4 * Math.Log(2)), loss.item<float>(), 4);
    }

    [Fact]
    public void DynamicBinarizationSamplesEachPixel()
    {
        using var gray = torch.zeros(1, 1, 100, 100);                   // 0 in [−1, 1] = 0.5 in [0, 1]
        using var x = PixelCnnObjective.Prepare(gray, PixelCnnOutput.Bernoulli, new Generator(1));
        using var unique = x.unique().Item1;
        Assert.Equal(2, unique.shape[0]);
        Assert.InRange(x.mean().item<float>(), 0.47, 0.53);
        using var again = PixelCnnObjective.Prepare(gray, PixelCnnOutput.Bernoulli, new Generator(1));
        Assert.True(TensorAssert.Same(x, again));
    }

    [Fact]
    public void CheckpointRoundTripGivesTheSameLogits()
    {
        torch.manual_seed(8);
        var config = Tiny(classes: 3);
        var network = new GatedPixelCnn(config);
        using var folder = new TempFolder();
        StateDict.Save(network, folder.File("model.safetensors"));
        ConfigJson.Save(folder.File("config.json"), config);

        torch.manual_seed(99);
        var loaded = new GatedPixelCnn(ConfigJson.Load<PixelCnnConfig>(folder.File("config.json")));
        StateDict.Load(loaded, folder.File("model.safetensors"));
        using var x = torch.rand(2, 1, 8, 8, generator: new Generator(3)).LessThan(0.5).to_type(ScalarType.Float32);
        using var labels = torch.tensor(new long[] { 0, 2 });
        using var a = network.Logits(x, labels);
        using var b = loaded.Logits(x, labels);
        Assert.True(TensorAssert.Same(a, b));
        Assert.Contains("blocks.0.vertical.weight", loaded.state_dict().Keys);
        Assert.Contains("blocks.3.horizontal_label.weight", loaded.state_dict().Keys);

        // A differently shaped model refuses the weights.
        var other = new GatedPixelCnn(config with { Channels = 4 });
        Assert.Throws<Pigment.Core.PigmentException>(() => StateDict.Load(other, folder.File("model.safetensors")));
    }

    [Fact]
    public void ConditioningIsRequiredExactlyWhenConfigured()
    {
        var conditional = new GatedPixelCnn(Tiny(classes: 2));
        var unconditional = new GatedPixelCnn(Tiny());
        using var x = torch.zeros(1, 1, 8, 8);
        using var labels = torch.tensor(new long[] { 1 });
        Assert.Throws<Pigment.Core.PigmentException>(() => conditional.Logits(x, null));
        Assert.Throws<Pigment.Core.PigmentException>(() => unconditional.Logits(x, labels));
        Assert.Throws<Pigment.Core.PigmentException>(() => new GatedPixelCnn(Tiny() with { InChannels = 3 }));
    }
}
