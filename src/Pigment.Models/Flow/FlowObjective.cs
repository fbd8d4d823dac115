using Pigment.Core;
using Pigment.Core.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Models.Flow;

/// <summary>
/// Maximum likelihood for a flow: the loss is the batch mean of bits/dim of the dequantized images,
/// −(log p(y | c) + log |dy/du| − D log 256) / (D ln 2), with fresh uniform dequantization noise at every step.
/// The first batch a fresh model sees initialises its actnorm layers (data-dependent initialisation).
/// </summary>
public sealed class FlowObjective : ITrainingObjective
{
    public const string FamilyName = "flow";

    public FlowObjective(FlowConfig config)
    {
        Config = config;
        Flow = new Glow(config);
    }

    public FlowConfig Config { get; }

    public Glow Flow { get; }

    public string Family => FamilyName;

    public nn.Module Model => Flow;

    public nn.Module CreateModel() => new Glow(Config);

    public Tensor Loss(nn.Module model, Batch batch, Generator generator)
    {
        var flow = (Glow)model;
        using var scope = torch.NewDisposeScope();
        var logDensity = LogDensity(flow, batch.Images, flow.IsConditional ? batch.Labels : null, generator);
        return Dequantization.BitsPerDim(logDensity, flow.Dimensions).mean().MoveToOuterDisposeScope();
    }

    /// <summary>log p(u | c) per image of a batch in [−1, 1], dequantized with <paramref name="generator"/>.</summary>
    public static Tensor LogDensity(Glow flow, Tensor images, Tensor? labels, Generator? generator)
    {
        using var scope = torch.NewDisposeScope();
        var u = Dequantization.Dequantize(Dequantization.ToBytes(images), generator);
        var (y, logDetLogit) = Dequantization.Logit(u, flow.Config.LogitAlpha);
        var logPy = flow.call(y, labels);
        return logPy.Plus(logDetLogit).MoveToOuterDisposeScope();                  // log p(u) = log p(y) + log |dy/du|
    }

    /// <summary>
    /// Data-dependent initialisation of every actnorm: one forward pass in training mode over
    /// <paramref name="images"/> (in [−1, 1]) with the layers initialising in order. Does nothing to a model that is
    /// already initialised (e.g. loaded from a checkpoint).
    /// </summary>
    public static void Initialize(Glow flow, Tensor images, Tensor? labels, Generator? generator)
    {
        bool wasTraining = flow.training;
        flow.train();
        using (torch.no_grad())
        using (var scope = torch.NewDisposeScope())
            LogDensity(flow, images, flow.IsConditional ? labels : null, generator);
        if (!wasTraining)
            flow.eval();
    }
}
