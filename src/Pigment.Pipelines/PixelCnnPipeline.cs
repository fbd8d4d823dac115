using Pigment.Core;
using Pigment.Core.Checkpoints;
using Pigment.Core.Data;
using Pigment.Models.PixelCnn;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Pipelines;

/// <summary>
/// A trained PixelCNN: raster-order ancestral sampling (one network pass per pixel, batched over images) and the
/// exact test-set negative log-likelihood. Images come back in [0, 1] (binary for a Bernoulli model).
/// </summary>
public sealed class PixelCnnPipeline : IDisposable
{
    private const int ChunkSize = 100;

    public PixelCnnPipeline(GatedPixelCnn network, Device? device = null)
    {
        Device = device ?? torch.CPU;
        Network = network;
        Network.to(Device);
        Network.eval();
    }

    public GatedPixelCnn Network { get; }

    public PixelCnnConfig Config => Network.Config;

    public Device Device { get; }

    /// <summary>Parameters of the network.</summary>
    public long ParameterCount => Network.parameters().Sum(p => p.numel());

    public static PixelCnnPipeline Load(ModelStore.ModelLocation location, Device? device = null)
    {
        if (location.Family != PixelCnnObjective.FamilyName)
            throw new PigmentException($"Model '{location.Name}' is a '{location.Family}' model, not a PixelCNN.");
        var network = new GatedPixelCnn(ConfigJson.Load<PixelCnnConfig>(location.ConfigFile));
        StateDict.Load(network, location.WeightsFile);
        return new PixelCnnPipeline(network, device);
    }

    /// <summary>A class by name or index; an error for an unconditional model or an unknown class.</summary>
    public int ParseClass(string text) => ClassLabels.Parse(Config.ClassNames, Network.Conditional ? Config.NumClasses : 0, text);

    /// <summary>(N, 1, H, W) in [0, 1]; a conditional model cycles through its classes (image i shows class i mod K).</summary>
    public Tensor Sample(int count, long seed) =>
        Generate(count, ClassLabels.Cycle(count, Network.Conditional ? Config.NumClasses : 0), seed);

    /// <summary>
    /// Draws x_i ~ p(x_i | x_&lt;i, y) pixel by pixel in raster order, for chunks of up to 100 images at once. Image k
    /// takes its randomness from seed + k alone (one uniform number per pixel), so it does not depend on the others.
    /// <paramref name="onStep"/> receives the network passes done so far, out of ⌈count / 100⌉ · H · W.
    /// <paramref name="temperature"/> T divides the logits, p_T(x_i | x_&lt;i) ∝ p(x_i | x_&lt;i)^{1/T}: 1 samples the model
    /// exactly; below 1 sharpens each conditional (cleaner, less varied images that are no longer exact samples).
    /// </summary>
    public Tensor Generate(int count, IReadOnlyList<int>? labels, long seed, Action<int>? onStep = null, double temperature = 1.0)
    {
        if (count < 1)
            throw new PigmentException($"Cannot draw {count} images.");
        if (!(temperature > 0 && temperature <= 10))
            throw new PigmentException($"The temperature must be in (0, 10], not {temperature}.");
        if (Network.Conditional != labels is not null)
            throw new PigmentException(Network.Conditional ? "This PixelCNN is class-conditional: give a label per image." : "This PixelCNN is unconditional: it takes no labels.");
        if (labels is not null && labels.Count != count)
            throw new PigmentException($"Got {labels.Count} labels for {count} images.");
        using var inference = torch.inference_mode();
        int size = Config.ImageSize, passes = 0;
        var chunks = new List<Tensor>();
        try
        {
            for (int start = 0; start < count; start += ChunkSize)
            {
                int n = Math.Min(ChunkSize, count - start);
                using var y = labels is null ? null : torch.tensor(labels.Skip(start).Take(n).Select(l => (long)l).ToArray(), device: Device);
                using var uniforms = Uniforms(n, seed + start);                                // (B, H, W) ~ U(0, 1)
                var x = torch.zeros([n, Config.InChannels, size, size], device: Device);       // (B, 1, H, W), filled in raster order
                for (int row = 0; row < size; row++)
                {
                    for (int column = 0; column < size; column++)
                    {
                        using var scope = torch.NewDisposeScope();
                        // Only rows row − R … row influence this row's logits, so the pass runs on them alone (exact; about a
                        // third of the work of the full image for 28 × 28 and R = 11).
                        int top = Math.Max(0, row - Network.ReceptiveRows);
                        var logits = Network.Logits(x[.., .., top..(row + 1), ..], y)[.., .., row - top, column];  // (B, L)
                        if (temperature != 1.0)
                        {
                            using var t = temperature.ToScalar();
                            logits = logits.div(t);                                                  // l / T
                        }
                        x[.., .., row, column] = Draw(logits, uniforms[.., row, column].unsqueeze(1).to(Device));
                        onStep?.Invoke(++passes);
                    }
                }
                chunks.Add(x);
            }
            return torch.cat(chunks, 0);
        }
        finally
        {
            foreach (var c in chunks)
                c.Dispose();
        }
    }

    /// <summary>H · W uniform numbers for each of <paramref name="count"/> images, image k from seed <paramref name="firstSeed"/> + k.</summary>
    private Tensor Uniforms(int count, long firstSeed)
    {
        int size = Config.ImageSize;
        var rows = new Tensor[count];
        for (int k = 0; k < count; k++)
        {
            using var generator = Seeds.Generator(firstSeed + k);
            rows[k] = torch.rand([size, size], generator: generator);
        }
        var all = torch.stack(rows);
        foreach (var r in rows)
            r.Dispose();
        return all;
    }

    /// <summary>One pixel per image from its logits (B, L) and a uniform number u (B, 1): (B, 1) in [0, 1].</summary>
    private Tensor Draw(Tensor logits, Tensor u)
    {
        if (Config.Output == PixelCnnOutput.Bernoulli)
        {
            // x_i ~ Bern(σ(l_i)): x_i = [u < σ(l_i)]
            return (u < logits.sigmoid()).to_type(ScalarType.Float32);
        }
        // x_i ~ Categorical(softmax(l_i)) by inversion: v = #{v' : F(v') ≤ u}, F the cumulative distribution; as v / 255
        var cdf = logits.softmax(1).cumsum(1);
        using var levels = 255.0.ToScalar();                 // held explicitly (see GatedPixelCnn.Logits)
        var value = (cdf <= u).sum(1, keepdim: true).to_type(ScalarType.Float32).clamp_max(levels);
        return value.div(levels);
    }

    /// <summary>
    /// The exact NLL of the first <paramref name="limit"/> test images (all when null), binarized once with
    /// <paramref name="seed"/> for a Bernoulli model. For a conditional model, <see cref="PixelCnnNll.Nats"/> is
    /// −log p(x | y) with the true label, and <see cref="PixelCnnNll.MarginalNats"/> the exact −log p(x) of the
    /// model with a uniform prior over classes: −log Σ_y (1/K) p(x | y).
    /// </summary>
    public PixelCnnNll TestNll(int? limit, long seed, Action<int, int>? progress = null)
    {
        var test = DatasetCatalog.Open(Config.Dataset, DatasetSplit.Test);
        var (images, labels) = ClassifierTraining.LoadAll(test, limit);
        using (images)
        {
            using var generator = Seeds.Generator(seed);
            using var x = PixelCnnObjective.Prepare(images, Config.Output, generator);
            return Nll(x, labels, progress);
        }
    }

    /// <summary>The exact NLL of images in [0, 1] (already binarized or quantized), with their labels.</summary>
    public PixelCnnNll Nll(Tensor x, IReadOnlyList<int> labels, Action<int, int>? progress = null)
    {
        using var inference = torch.inference_mode();
        long n = x.shape[0];
        double conditional = 0, marginal = 0;
        for (long start = 0; start < n; start += ChunkSize)
        {
            using var scope = torch.NewDisposeScope();
            long end = Math.Min(start + ChunkSize, n);
            var chunk = x[TensorIndex.Slice(start, end)].to(Device);
            if (Network.Conditional)
            {
                var y = torch.tensor(labels.Skip((int)start).Take((int)(end - start)).Select(l => (long)l).ToArray(), device: Device);
                var perClass = torch.stack(Enumerable.Range(0, Config.NumClasses).Select(c =>
                    Network.NegativeLogLikelihood(chunk, ScalarMath.Full([end - start], (long)c, ScalarType.Int64, Device))), 1);  // (B, K): −log p(x | c)
                conditional += perClass.gather(1, y.unsqueeze(1)).sum().item<float>();
                // −log p(x) = −log Σ_y (1/K) p(x | y) = −logsumexp_y(−NLL(x | y)) + log K
                marginal += (-perClass).logsumexp(1).neg().sum().item<float>() + (end - start) * Math.Log(Config.NumClasses);
            }
            else
            {
                conditional += Network.NegativeLogLikelihood(chunk, null).sum().item<float>();
            }
            progress?.Invoke((int)end, (int)n);
        }
        long dims = x.shape[1] * x.shape[2] * x.shape[3];
        return new PixelCnnNll(conditional / n, Network.Conditional ? marginal / n : null, (int)n, dims);
    }

    public void Dispose() => Network.Dispose();
}
