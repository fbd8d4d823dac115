using Pigment.Core;
using Pigment.Evaluation;
using Pigment.Models.Flow;
using Pigment.Pipelines;
using TorchSharp;

namespace Pigment.Tests;

/// <summary>models/flow-mnist still loads, inverts, measures and draws digits as its card says.</summary>
public class ShippedFlowTests
{
    [Fact]
    public void FlowMnistDrawsDigitsTheClassifierRecognises()
    {
        using var pipeline = FlowPipeline.Load(ModelStore.Resolve("flow-mnist"));
        using var judge = SampleJudge.Load(Path.Combine(PigmentPaths.ModelsFolder, "classifier-mnist"));
        var labels = pipeline.DefaultLabels(50)!;
        using var images = pipeline.Sample(50, seed: 1, FlowPipeline.DefaultTemperature, labels);
        using var judgement = judge.Judge(images.Mul(2).Sub(1));
        double confident = judgement.ConfidentFraction(0.9);
        // The card's numbers on 1,000 samples at T = 0.7: 89.4% ≥90% confident, 79.3% showing the requested class.
        Assert.True(confident >= 0.8, $"≥90% confident on {confident:P0}");
        Assert.True(judgement.Accuracy(labels) >= 0.65, $"recognised as the requested class: {judgement.Accuracy(labels):P0}");
    }

    [Fact]
    public void FlowMnistInvertsRealDigitsAndScoresThemBelowItsTargetBitsPerDim()
    {
        using var pipeline = FlowPipeline.Load(ModelStore.Resolve("flow-mnist"));
        var (bits, _) = pipeline.TestNll(draws: 1, limit: 100, seed: 0);
        Assert.True(bits < 1.6, $"{bits:0.000} bits/dim on the first 100 test digits");

        // x → z → x on real digits in float32.
        var (real, labels) = ClassifierTraining.LoadAll(Pigment.Core.Data.DatasetCatalog.Open("mnist", Pigment.Core.Data.DatasetSplit.Test), 8);
        using (real)
        using (var inference = torch.inference_mode())
        {
            using var u = Dequantization.Dequantize(Dequantization.ToBytes(real), new torch.Generator(1));
            var (y, logDet) = Dequantization.Logit(u, pipeline.Config.LogitAlpha);
            using var classes = torch.tensor(labels.Select(l => (long)l).ToArray());
            var (zs, flowLogDet, logPrior) = pipeline.Flow.Encode(y, classes);
            using var back = pipeline.Flow.Decode(zs, classes);
            double error = (back - y).abs().max().item<float>();
            Assert.True(error < 1e-3, $"max round-trip error {error} in logit space");
            zs.ForEach(z => z.Dispose());
            y.Dispose();
            logDet.Dispose();
            flowLogDet.Dispose();
            logPrior.Dispose();
        }
    }
}
