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
/// A trained VAE: sampling z ~ N(0, I) through the decoder, reconstruction through q(z | x), straight-line
/// interpolation between two images' posterior means, and the importance-sampled test NLL.
/// Images come back as the decoder's mean E[x | z] in [0, 1].
/// </summary>
public sealed class VaePipeline : IDisposable
{
    public VaePipeline(ConvVae vae)
    {
        Vae = vae;
        Vae.eval();
    }

    public ConvVae Vae { get; }

    public static VaePipeline Load(ModelStore.ModelLocation location)
    {
        if (location.Family != VaeObjective.FamilyName)
            throw new PigmentException($"Model '{location.Name}' is a '{location.Family}' model, not a VAE.");
        var vae = new ConvVae(ConfigJson.Load<VaeConfig>(location.ConfigFile));
        StateDict.Load(vae, location.WeightsFile);
        return new VaePipeline(vae);
    }

    /// <summary>
    /// (N, C, H, W) in [0, 1]: the decoder's mean for z ~ N(0, T² I), image i drawn with seed + i. A temperature
    /// T &lt; 1 keeps z nearer the prior's centre, where the decoder has seen more codes: cleaner, less varied digits.
    /// </summary>
    public Tensor Sample(int count, long seed, double temperature = 1.0)
    {
        if (!(temperature > 0))
            throw new PigmentException($"The temperature must be positive, not {temperature}.");
        using var inference = torch.inference_mode();
        using var unit = Seeds.PerItemNormal(count, [Vae.Config.LatentDim], seed);
        using var z = unit * temperature;
        using var decoded = Vae.Decode(z);
        return Vae.MeanImage(decoded);
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
        var path = (1 - t) * za + t * zb;
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
    public double TestNll(int samples, int? limit, long seed, Action<int, int>? progress = null)
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
                using var nll = ImportanceSampledNll.Estimate(Vae, chunk, samples, generator);
                total += nll.sum().item<float>();
                progress?.Invoke((int)Math.Min(start + 20, n), (int)n);
            }
            return total / n;
        }
    }

    public void Dispose() => Vae.Dispose();
}
