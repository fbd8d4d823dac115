using Pigment.Core;
using Pigment.Core.Checkpoints;
using Pigment.Core.Data;
using Pigment.Models.Flow;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Pipelines;

/// <summary>
/// A trained normalizing flow: sampling at a temperature (z ~ N(μ, T² σ²) through f⁻¹ and the inverse logit), and
/// the exact test-set negative log-likelihood in bits/dim. For a class-conditional flow, samples cycle through the
/// classes unless labels are given, and the likelihood is the marginal log p(x) = logsumexp_c log p(x | c) − log K.
/// </summary>
public sealed class FlowPipeline : IDisposable
{
    /// <summary>The temperature samples use unless told otherwise (chosen on the shipped model; see its card).</summary>
    public const double DefaultTemperature = 0.7;

    public FlowPipeline(Glow flow)
    {
        Flow = flow;
        Flow.eval();
    }

    public Glow Flow { get; }

    public FlowConfig Config => Flow.Config;

    public long ParameterCount => Flow.parameters().Sum(p => p.numel());

    public static FlowPipeline Load(ModelStore.ModelLocation location)
    {
        if (location.Family != FlowObjective.FamilyName)
            throw new PigmentException($"Model '{location.Name}' is a '{location.Family}' model, not a flow.");
        var flow = new Glow(ConfigJson.Load<FlowConfig>(location.ConfigFile));
        StateDict.Load(flow, location.WeightsFile);
        return new FlowPipeline(flow);
    }

    /// <summary>A class name or index → the label, for a class-conditional flow.</summary>
    public int ParseClass(string text)
    {
        if (!Flow.IsConditional)
            throw new PigmentException("This flow is unconditional: it takes no --class.");
        if (int.TryParse(text, out int index) && index >= 0 && index < Config.NumClasses)
            return index;
        throw new PigmentException($"Unknown class '{text}': give 0 … {Config.NumClasses - 1}.");
    }

    /// <summary>The classes a prompt may name: "0" … "K−1" (the flow's config keeps indices only).</summary>
    public IReadOnlyList<string> ClassNames => Flow.IsConditional ? Enumerable.Range(0, Config.NumClasses).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray() : [];

    /// <summary>The labels samples get by default: image i shows class i mod K (null for an unconditional flow).</summary>
    public int[]? DefaultLabels(int count) => Flow.IsConditional ? Enumerable.Range(0, count).Select(i => i % Config.NumClasses).ToArray() : null;

    /// <summary>(N, C, H, W) in [0, 1] at the default temperature, labels cycling through the classes.</summary>
    public Tensor Sample(int count, long seed) => Sample(count, seed, DefaultTemperature, DefaultLabels(count));

    /// <summary>(N, C, H, W) in [0, 1]: y = f⁻¹(z), z drawn at temperature T, then u = (sigmoid(y) − α) / (1 − 2α).</summary>
    public Tensor Sample(int count, long seed, double temperature, int[]? labels, Action<int>? progress = null)
    {
        if (temperature < 0)
            throw new PigmentException($"The temperature must be ≥ 0, not {temperature}.");
        if (Flow.IsConditional && labels is null)
            labels = DefaultLabels(count);
        if (!Flow.IsConditional && labels is not null)
            throw new PigmentException("This flow is unconditional: it takes no labels.");
        using var inference = torch.inference_mode();
        var chunks = new List<Tensor>();
        for (int i = 0; i < count; i++)
        {
            // Image i from its own generator seeded seed + i, so it can be reproduced alone (every latent of every
            // level of the multi-scale flow is drawn from it).
            using var scope = torch.NewDisposeScope();
            using var generator = Seeds.Generator(seed + i);
            Tensor? y = labels is null ? null : torch.tensor(new long[] { labels[i] });
            var sample = Flow.Sample(1, y, temperature, generator);
            chunks.Add(Dequantization.InverseLogit(sample, Config.LogitAlpha).MoveToOuterDisposeScope());
            progress?.Invoke(i + 1);
        }
        var all = torch.cat(chunks, 0);
        chunks.ForEach(c => c.Dispose());
        return all;
    }

    /// <summary>
    /// log p(u) per image (nats) of images in [−1, 1], dequantized with <paramref name="generator"/>; marginalised
    /// over a uniform class prior for a class-conditional flow.
    /// </summary>
    public Tensor LogDensity(Tensor images, Generator generator)
    {
        using var inference = torch.inference_mode();
        using var scope = torch.NewDisposeScope();
        var u = Dequantization.Dequantize(Dequantization.ToBytes(images), generator);
        var (y, logDetLogit) = Dequantization.Logit(u, Config.LogitAlpha);
        Tensor logPy = Flow.IsConditional
            ? Flow.LogProbPerClass(y).logsumexp(1).Sub(Math.Log(Config.NumClasses))  // log p(y) = log Σ_c p(c) p(y | c)
            : Flow.call(y, null);
        return logPy.Plus(logDetLogit).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The test split's NLL: (bits/dim, nats per image), averaged over the first <paramref name="limit"/> test images
    /// and <paramref name="draws"/> dequantization draws (draw d uses seed Mix(seed, d)).
    /// </summary>
    public (double BitsPerDim, double NatsPerImage) TestNll(int draws, int? limit, long seed, Action<int, int>? progress = null)
    {
        if (draws < 1)
            throw new PigmentException($"--draws must be at least 1, not {draws}.");
        var test = DatasetCatalog.Open(Config.Dataset, DatasetSplit.Test);
        var (images, _) = ClassifierTraining.LoadAll(test, limit);
        using (images)
        {
            long n = images.shape[0];
            double total = 0;
            int done = 0;
            for (int d = 0; d < draws; d++)
            {
                using var generator = Seeds.Generator(Seeds.Mix(seed, d));
                for (long start = 0; start < n; start += 100)
                {
                    using var chunk = images[TensorIndex.Slice(start, Math.Min(start + 100, n))];
                    using var logDensity = LogDensity(chunk, generator);
                    using var nats = Dequantization.NatsPerImage(logDensity, Flow.Dimensions);
                    total += nats.to_type(ScalarType.Float64).sum().item<double>();
                    done += (int)chunk.shape[0];
                    progress?.Invoke(done, (int)(n * draws));
                }
            }
            double natsPerImage = total / (n * draws);
            return (natsPerImage / (Flow.Dimensions * Math.Log(2)), natsPerImage);
        }
    }

    public void Dispose() => Flow.Dispose();
}
