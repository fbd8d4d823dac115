using Pigment.Core.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Models.PixelCnn;

/// <summary>
/// Maximum likelihood: the exact negative log-likelihood of the batch under the autoregressive model, averaged over
/// images. Bernoulli: digits binarized afresh at every step (dynamic binarization, x ~ Bern(pixel)), the loss is
/// Σ_i BCE in nats per image. Categorical: 8-bit values, the loss is Σ_i −log p(x_i | x_&lt;i) / (D ln 2) in bits per
/// dimension.
/// </summary>
public sealed class PixelCnnObjective : ITrainingObjective
{
    public const string FamilyName = "pixelcnn";

    public PixelCnnObjective(PixelCnnConfig config)
    {
        Config = config;
        Network = new GatedPixelCnn(config);
    }

    public PixelCnnConfig Config { get; }

    public GatedPixelCnn Network { get; }

    public string Family => FamilyName;

    public nn.Module Model => Network;

    public nn.Module CreateModel() => new GatedPixelCnn(Config);

    public Tensor Loss(nn.Module model, Batch batch, Generator generator)
    {
        var network = (GatedPixelCnn)model;
        using var scope = torch.NewDisposeScope();
        var x = Prepare(batch.Images, Config.Output, generator);
        var labels = network.Conditional ? batch.Labels : null;
        var nll = network.NegativeLogLikelihood(x, labels).mean();                   // nats per image
        using var bitsPerNat = (1 / (Dimensions(x) * Math.Log(2))).ToScalar();   // held explicitly (see GatedPixelCnn.Logits)
        var loss = Config.Output == PixelCnnOutput.Bernoulli ? nll : nll.mul(bitsPerNat);
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// [−1, 1] batch → the model's pixel values in [0, 1]: a binary sample x ~ Bern(pixel) (Bernoulli), or the
    /// 8-bit value round(255 · pixel) / 255 (categorical).
    /// </summary>
    public static Tensor Prepare(Tensor images, PixelCnnOutput output, Generator generator)
    {
        // Explicit Scalars (see GatedPixelCnn.Logits): x ↦ (x + 1) / 2, clamped to [0, 1].
        using var one = 1.0.ToScalar();
        using var half = 0.5.ToScalar();
        using var zero = 0.0.ToScalar();
        using var levels = 255.0.ToScalar();
        using var shifted = images.add(one, one);
        using var unit = shifted.mul(half).clamp(zero, one);
        if (output == PixelCnnOutput.Categorical)
        {
            using var scaled = unit.mul(levels).round_();
            return scaled.div(levels);
        }
        using var u = torch.rand(unit.shape, generator: generator).to(unit.device);
        return (u < unit).to_type(ScalarType.Float32);
    }

    /// <summary>Dimensions per image, C · H · W.</summary>
    public static long Dimensions(Tensor x) => x.shape[1] * x.shape[2] * x.shape[3];
}
