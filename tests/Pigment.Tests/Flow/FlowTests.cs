using Pigment.Core;
using Pigment.Core.Checkpoints;
using Pigment.Models.Flow;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Tests.Flow;

public class FlowTests
{
    /// <summary>8×8 gray, 3 levels (8 → 4 → 2 → 1), 2 steps each, 8 hidden channels.</summary>
    internal static FlowConfig Tiny(int classes = 0, int size = 8, int levels = 3) =>
        new() { ImageSize = size, Levels = levels, StepsPerLevel = 2, HiddenChannels = 8, NumClasses = classes };

    /// <summary>
    /// Moves every parameter away from its (partly zero, identity-making) initialisation, so that the tests see
    /// couplings, priors and actnorms that actually transform.
    /// </summary>
    internal static void Perturb(nn.Module module, long seed, double scale = 0.2)
    {
        using var noGrad = torch.no_grad();
        using var g = new Generator((ulong)seed);
        foreach (var p in module.parameters())
        {
            using var noise = torch.randn(p.shape, generator: g, dtype: p.dtype);
            p.Plus_(noise.Mul(scale));
        }
    }

    private static Glow TinyFlow(int classes, long seed)
    {
        torch.manual_seed(seed);
        var flow = new Glow(Tiny(classes));
        Perturb(flow, seed + 1, 0.1);
        return flow;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void EncodeThenDecodeRoundTripsInFloat32(int classes)
    {
        var flow = TinyFlow(classes, 1);
        flow.eval();
        using var g = new Generator(2);
        using var y = torch.randn([4, 1, 8, 8], generator: g).Mul(1.5);
        using var labels = classes > 0 ? torch.tensor(new long[] { 0, 1, 2, 1 }) : null;
        var (zs, logDet, logPrior) = flow.Encode(y, labels);
        Assert.Equal(3, zs.Count);                                              // two splits' halves + the top
        Assert.Equal(64, zs.Sum(z => z.shape.Skip(1).Aggregate(1L, (a, b) => a * b)));
        using var back = flow.Decode(zs, labels);
        double error = (back - y).abs().max().item<float>();
        Assert.True(error < 1e-4, $"max round-trip error {error}");
        Assert.True(logDet.abs().sum().item<float>() > 0.1, "the perturbed flow should not be volume-preserving");

        // Sampling is f⁻¹ of prior draws: encoding a sample gives back finite likelihoods.
        using var sample = flow.Sample(4, labels, 0.8, new Generator(3));
        Assert.Equal(y.shape, sample.shape);
        using var logP = flow.call(sample, labels);
        Assert.True(logP.isfinite().all().item<bool>());
    }

    /// <summary>log |det J| by central finite differences in float64, for f: R^D → R^D on one input.</summary>
    private static double BruteForceLogDet(Func<Tensor, Tensor> f, Tensor x)
    {
        long d = x.numel();
        using var flat = x.flatten().clone();
        using var jacobian = torch.zeros(d, d, dtype: ScalarType.Float64);
        const double h = 1e-5;
        for (long i = 0; i < d; i++)
        {
            using var plus = flat.clone();
            using var minus = flat.clone();
            plus[i] = plus[i].Add(h);
            minus[i] = minus[i].Sub(h);
            using var fp = f(plus.reshape(x.shape)).flatten();
            using var fm = f(minus.reshape(x.shape)).flatten();
            using var column = (fp - fm).Div(2 * h);
            jacobian[TensorIndex.Colon, i] = column;
        }
        var (sign, logAbs) = torch.linalg.slogdet(jacobian);
        sign.Dispose();
        using (logAbs)
            return logAbs.item<double>();
    }

    private static Tensor Input(long seed, long[] shape)
    {
        using var g = new Generator((ulong)seed);
        return torch.randn(shape, generator: g, dtype: ScalarType.Float64);
    }

    private static void CheckLayer(FlowLayer layer, long[] shape, long seed)
    {
        layer.to(ScalarType.Float64);
        Perturb(layer, seed);
        layer.eval();
        using var noGrad = torch.no_grad();
        using var x = Input(seed + 1, shape);
        var (y, logDet) = layer.call(x);
        double expected = BruteForceLogDet(v => layer.call(v).Y, x);
        Assert.Equal(expected, logDet.item<double>(), 6);
        using var back = layer.Reverse(y);
        Assert.True((back - x).abs().max().item<double>() < 1e-10);
        y.Dispose();
        logDet.Dispose();
    }

    [Fact]
    public void EachLayersLogDetMatchesTheBruteForceJacobian()
    {
        torch.manual_seed(4);
        long[] shape = [1, 4, 2, 3];
        CheckLayer(MarkInitialized(new ActNorm(4)), shape, 10);
        CheckLayer(new InvertibleConv1x1(4), shape, 11);
        CheckLayer(new AffineCoupling(4, 6), shape, 12);
        CheckLayer(MarkInitialized(new FlowStep(4, 6)), shape, 13);

        // The squeeze is a permutation (log |det| = 0) and the logit preprocessing has the log-det it claims.
        using var x = Input(14, [1, 2, 4, 4]);
        using var squeezed = Squeeze.Forward(x);
        Assert.Equal(new long[] { 1, 8, 2, 2 }, squeezed.shape);
        Assert.Equal(0, BruteForceLogDet(Squeeze.Forward, x), 8);
        using var unsqueezed = Squeeze.Reverse(squeezed);
        Assert.True(TensorAssert.Same(unsqueezed, x));
        using var u = torch.rand([1, 1, 3, 3], dtype: ScalarType.Float64, generator: new Generator(15));
        var (logitY, logitLogDet) = Dequantization.Logit(u, 0.05);
        Assert.Equal(BruteForceLogDet(v => Dequantization.Logit(v, 0.05).Y, u), logitLogDet.item<double>(), 6);
        using var uBack = Dequantization.InverseLogit(logitY, 0.05);
        Assert.True((uBack - u).abs().max().item<double>() < 1e-12);
    }

    /// <summary>Runs the data-dependent initialisation on random data so that eval-mode tests see an initialised layer.</summary>
    private static T MarkInitialized<T>(T module) where T : nn.Module
    {
        module.train();
        foreach (var actnorm in module.modules().OfType<ActNorm>())
        {
            using var x = torch.randn(2, actnorm.parameters().First().shape[1], 2, 2);
            actnorm.InitializeFrom(x);
        }
        return module;
    }

    [Fact]
    public void TheWholeFlowsLogDetMatchesTheBruteForceJacobian()
    {
        // 4×4 gray: level 1 squeezes to 4×2×2 and splits 2 | 2, level 2 squeezes to 8×1×1: D = 16.
        torch.manual_seed(5);
        var flow = new Glow(Tiny(size: 4, levels: 2));
        flow.to(ScalarType.Float64);
        Perturb(flow, 6);
        flow.eval();
        using var noGrad = torch.no_grad();
        using var y = Input(7, [1, 1, 4, 4]);
        var (zs, logDet, logPrior) = flow.Encode(y, null);
        double expected = BruteForceLogDet(v =>
        {
            var (parts, ld, lp) = flow.Encode(v, null);
            ld.Dispose();
            lp.Dispose();
            var joined = torch.cat(parts.Select(p => p.flatten(1)).ToList(), 1);
            parts.ForEach(p => p.Dispose());
            return joined;
        }, y);
        Assert.Equal(expected, logDet.item<double>(), 6);
        // log p(y) = log p(z) + log |det|.
        using var logP = flow.call(y, null);
        Assert.Equal(logPrior.Plus(logDet).item<double>(), logP.item<double>(), 10);
    }

    [Fact]
    public void ActNormDataInitialisationGivesZeroMeanUnitVarianceAndSurvivesACheckpoint()
    {
        using var g = new Generator(8);
        using var scales = torch.tensor(new float[] { 0.5f, 2f, 7f }).reshape(1, 3, 1, 1);
        using var x = (torch.randn([16, 3, 5, 5], generator: g) * scales).Add(3);
        var actnorm = new ActNorm(3);
        Assert.False(actnorm.IsInitialized);
        actnorm.train();
        var (y, _) = actnorm.call(x);
        Assert.True(actnorm.IsInitialized);
        using var mean = y.mean([0, 2, 3]);
        using var variance = y.var([0, 2, 3], unbiased: false);
        Assert.True(mean.abs().max().item<float>() < 1e-5, $"means {string.Join(", ", mean.data<float>().ToArray())}");
        Assert.True(variance.Sub(1).abs().max().item<float>() < 1e-4, $"variances {string.Join(", ", variance.data<float>().ToArray())}");

        // Saved and loaded, the layer keeps its statistics: a training-mode pass over other data does not re-run the init.
        using var temp = new TempFolder();
        StateDict.Save(actnorm, temp.File("actnorm.safetensors"));
        var loaded = new ActNorm(3);
        StateDict.Load(loaded, temp.File("actnorm.safetensors"));
        Assert.True(loaded.IsInitialized);
        loaded.train();
        using var other = torch.randn([4, 3, 5, 5], generator: g).Mul(10).Sub(4);
        var (a, _) = actnorm.call(other);
        var (b, _) = loaded.call(other);
        Assert.True(TensorAssert.Same(a, b));
        y.Dispose();
        a.Dispose();
        b.Dispose();
    }

    [Fact]
    public void CheckpointRoundTripGivesTheSameLikelihoodsAndSamples()
    {
        var flow = TinyFlow(3, 9);
        flow.eval();
        using var temp = new TempFolder();
        StateDict.Save(flow, temp.File("flow.safetensors"));
        torch.manual_seed(123);
        var loaded = new Glow(Tiny(3));
        StateDict.Load(loaded, temp.File("flow.safetensors"));
        loaded.eval();
        using var y = torch.randn([3, 1, 8, 8], generator: new Generator(10));
        using var labels = torch.tensor(new long[] { 2, 0, 1 });
        using var a = flow.call(y, labels);
        using var b = loaded.call(y, labels);
        Assert.True(TensorAssert.Same(a, b));
        using var sa = flow.Sample(3, labels, 0.7, new Generator(11));
        using var sb = loaded.Sample(3, labels, 0.7, new Generator(11));
        Assert.True(TensorAssert.Same(sa, sb), $"samples differ by up to {(sa - sb).abs().max().item<float>()}");
        Assert.Throws<Pigment.Core.PigmentException>(() => StateDict.Load(new Glow(Tiny(0)), temp.File("flow.safetensors")));
    }

    [Fact]
    public void PerClassLikelihoodsAgreeWithTheConditionalForwardPass()
    {
        var flow = TinyFlow(3, 12);
        flow.eval();
        using var y = torch.randn([2, 1, 8, 8], generator: new Generator(13));
        using var perClass = flow.LogProbPerClass(y);                            // (B, K)
        for (int c = 0; c < 3; c++)
        {
            using var labels = ScalarMath.Full([2], c, dtype: ScalarType.Int64);
            using var direct = flow.call(y, labels);
            Assert.True(perClass[TensorIndex.Colon, c].allclose(direct, rtol: 1e-5, atol: 1e-3));
        }
    }

    [Fact]
    public void SamplingAndScoringLeaveNoLiveTensors()
    {
        using var pipeline = new Pigment.Pipelines.FlowPipeline(TinyFlow(3, 16));
        using var images = torch.rand([4, 1, 8, 8], generator: new Generator(17)).Mul(2).Sub(1);
        using var g = new Generator(18);
        pipeline.Sample(5, seed: 1, 0.7, [0, 1, 2, 0, 1]).Dispose();            // warm-up (lazy native state)
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        pipeline.Sample(5, seed: 1, 0.7, [0, 1, 2, 0, 1]).Dispose();
        pipeline.LogDensity(images, g).Dispose();
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void BytesAreRecoveredExactlyFromTheLoadersRange()
    {
        using var start = 0.ToScalar();
        using var stop = 256.ToScalar();
        using var bytes = torch.arange(start, stop, dtype: ScalarType.Float32).reshape(1, 1, 16, 16);
        using var images = bytes.Mul(2f / 255f).Sub(1);                               // how ImageTensor makes [−1, 1]
        using var back = Dequantization.ToBytes(images);
        Assert.True(TensorAssert.Same(back, bytes));
        using var u = Dequantization.Dequantize(back, new Generator(14));
        using var lower = back.Div(256);
        using var upper = back.Add(1).Div(256);
        Assert.True(u.ge(lower).all().item<bool>() && u.lt(upper).all().item<bool>());
        // A flow that is uniform on [0, 1)^D scores exactly 8 bits/dim: log p(u) = 0.
        using var zero = torch.zeros(1);
        Assert.Equal(8.0, Dequantization.BitsPerDim(zero, 784).item<float>(), 5);
    }
}
