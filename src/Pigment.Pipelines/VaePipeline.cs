using Pigment.Core;
using Pigment.Core.Checkpoints;
using Pigment.Core.Data;
using Pigment.Core.Imaging;
using Pigment.Models.Vae;
using Pigment.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Pipelines;

/// <summary>
/// A trained VAE: sampling from the prior through the decoder, reconstruction through q(z | x), straight-line
/// interpolation between two images' posterior means, and the importance-sampled test NLL.
/// The prior is N(0, I), the one the VAE was trained with, or — when the model folder holds one
/// (<see cref="PriorFile"/>, written by <see cref="FitPrior"/>) and it is not declined — a Gaussian mixture fitted
/// to the training images' codes after training. Images come back as the decoder's mean E[x | z] in [0, 1].
/// </summary>
public sealed class VaePipeline : IDisposable
{
    /// <summary>The fitted prior's file in a model folder.</summary>
    public const string PriorFile = "prior.safetensors";

    public VaePipeline(ConvVae vae, GaussianMixture? prior = null)
    {
        if (prior is not null && prior.Dimensions != vae.Config.LatentDim)
            throw new PigmentException($"The fitted prior is {prior.Dimensions}-dimensional, but the VAE's latent space has {vae.Config.LatentDim} dimensions.");
        Vae = vae;
        Prior = prior;
        Vae.eval();
    }

    public ConvVae Vae { get; }

    /// <summary>The fitted prior, or null for N(0, I).</summary>
    public GaussianMixture? Prior { get; }

    /// <summary>The prior <see cref="Sample"/> draws from with <paramref name="fittedPrior"/>.</summary>
    public string DescribePrior(bool fittedPrior) =>
        Prior is null || !fittedPrior ? "N(0, I)" : $"a {Prior.Components}-component Gaussian mixture fitted to the training codes";

    /// <summary>
    /// The command line's --prior for the model at <paramref name="location"/>: "fitted" (or nothing) uses the folder's
    /// fitted prior when there is one, "normal" declines it; any --prior for a model that is not a VAE is an error.
    /// </summary>
    public static bool UsesFittedPrior(string? prior, ModelStore.ModelLocation location)
    {
        if (prior is not null && location.Family != VaeObjective.FamilyName)
            throw new PigmentException($"--prior is for VAEs; '{location.Name}' is a '{location.Family}' model.");
        return prior switch
        {
            null or "fitted" => true,
            "normal" => false,
            _ => throw new PigmentException($"Unknown prior '{prior}': use 'fitted' (the model folder's {PriorFile}, when present) or 'normal' (N(0, I))."),
        };
    }

    /// <param name="fittedPrior">Use the folder's fitted prior when there is one (false: always N(0, I)).</param>
    public static VaePipeline Load(ModelStore.ModelLocation location, bool fittedPrior = true)
    {
        if (location.Family != VaeObjective.FamilyName)
            throw new PigmentException($"Model '{location.Name}' is a '{location.Family}' model, not a VAE.");
        var vae = new ConvVae(ConfigJson.Load<VaeConfig>(location.ConfigFile));
        StateDict.Load(vae, location.WeightsFile);
        var priorPath = Path.Combine(location.Folder, PriorFile);
        return new VaePipeline(vae, fittedPrior && File.Exists(priorPath) ? GaussianMixture.Load(priorPath) : null);
    }

    /// <summary>
    /// (N, C, H, W) in [0, 1]: the decoder's mean for z drawn from the prior at temperature T (N(0, T² I), or
    /// μ_k + T L_k ε for the mixture), image i drawn with seed + i. T &lt; 1 keeps z nearer the centre, where the
    /// decoder has seen more codes: cleaner, less varied digits.
    /// </summary>
    /// <param name="fittedPrior">Draw from the fitted prior when the pipeline has one (false: N(0, I)).</param>
    public Tensor Sample(int count, long seed, double temperature = 1.0, bool fittedPrior = true)
    {
        if (!(temperature > 0))
            throw new PigmentException($"The temperature must be positive, not {temperature}.");
        using var inference = torch.inference_mode();
        var prior = fittedPrior ? Prior : null;
        using var unit = prior is null ? Seeds.PerItemNormal(count, [Vae.Config.LatentDim], seed) : null;
        using var z = prior?.Sample(count, seed, temperature) ?? unit!.Mul(temperature);
        using var decoded = Vae.Decode(z);
        return Vae.MeanImage(decoded);
    }

    /// <summary>
    /// The codes of the training split, (N·draws, latent): for each image (binarized with the seed, for a Bernoulli
    /// VAE) <paramref name="draws"/> samples z ~ q(z | x), or its posterior mean μ(x) when draws is 0 — the points
    /// a fitted prior (<see cref="GaussianMixture.Fit"/>, saved as <see cref="PriorFile"/>) is fitted to.
    /// </summary>
    public Tensor TrainingCodes(int draws, long seed)
    {
        if (draws < 0)
            throw new PigmentException($"The draws per image must be 0 (posterior means) or more, not {draws}.");
        var train = DatasetCatalog.Open(Vae.Config.Dataset, DatasetSplit.Train);
        var (images, _) = ClassifierTraining.LoadAll(train);
        using var scope = torch.NewDisposeScope();
        using var inference = torch.inference_mode();
        using var generator = Seeds.Generator(seed);
        var x = VaeObjective.Prepare(images, Vae.Config.Likelihood, generator);
        images.Dispose();
        var (mean, logVar) = Vae.call(x);
        var codes = draws == 0
            ? mean
            : torch.cat(Enumerable.Range(0, draws).Select(_ => VaeObjective.Reparameterize(mean, logVar, generator)).ToArray());
        return codes.MoveToOuterDisposeScope();
    }

    /// <summary>The posterior mean μ(x) of images in [0, 1], (N, latent).</summary>
    public Tensor Encode(Tensor images)
    {
        using var inference = torch.inference_mode();
        var (mean, logVar) = Vae.call(images);
        logVar.Dispose();
        return mean;
    }

    public Tensor Decode(Tensor z)
    {
        using var inference = torch.inference_mode();
        using var decoded = Vae.Decode(z);
        return Vae.MeanImage(decoded);
    }

    /// <summary>Decodes z_t = (1 − t) z_a + t z_b for t = 0 … 1 in <paramref name="frames"/> steps.</summary>
    public Tensor Interpolate(Tensor imageA, Tensor imageB, int frames)
    {
        if (frames < 2)
            throw new PigmentException($"An interpolation needs at least 2 frames, not {frames}.");
        using var scope = torch.NewDisposeScope();
        var za = Encode(imageA.unsqueeze(0));
        var zb = Encode(imageB.unsqueeze(0));
        var t = torch.linspace(0, 1, frames).unsqueeze(1);
        var path = (t.RSub(1) * za).Plus(t * zb);
        return Decode(path).MoveToOuterDisposeScope();
    }

    /// <summary>Loads an image file as the model's input: grayscale or RGB as the model wants, resized, in [0, 1].</summary>
    public Tensor LoadImage(string path)
    {
        var image = ImageTransforms.CenterCropResize(ImageIO.Load(path), Vae.Config.ImageSize).WithChannels(Vae.Config.InChannels);
        return ImageTensor.ToTensor(image);
    }

    /// <summary>
    /// The IWAE estimate of the test split's NLL in nats per image (binarized once with a fixed seed for a Bernoulli
    /// model), over the first <paramref name="limit"/> test images.
    /// </summary>
    /// <param name="fittedPrior">Score under the fitted prior when the pipeline has one (false: N(0, I)).</param>
    public double TestNll(int samples, int? limit, long seed, Action<int, int>? progress = null, bool fittedPrior = true)
    {
        var test = DatasetCatalog.Open(Vae.Config.Dataset, DatasetSplit.Test);
        var (images, _) = ClassifierTraining.LoadAll(test, limit);
        using (images)
        {
            using var generator = Seeds.Generator(seed);
            using var x = VaeObjective.Prepare(images, Vae.Config.Likelihood, generator);
            double total = 0;
            long n = x.shape[0];
            for (long start = 0; start < n; start += 20)
            {
                using var chunk = x[TensorIndex.Slice(start, Math.Min(start + 20, n))];
                using var nll = ImportanceSampledNll.Estimate(Vae, chunk, samples, generator, prior: Prior is null || !fittedPrior ? null : Prior.LogDensity);
                total += nll.sum().item<float>();
                progress?.Invoke((int)Math.Min(start + 20, n), (int)n);
            }
            return total / n;
        }
    }

    public void Dispose()
    {
        Vae.Dispose();
        Prior?.Dispose();
    }
}
