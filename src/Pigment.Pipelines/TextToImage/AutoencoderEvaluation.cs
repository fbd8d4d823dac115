using Pigment.Core;
using Pigment.Core.Data;
using Pigment.Core.Data.Shapes;
using Pigment.Core.Imaging;
using Pigment.Evaluation.Scenes;
using Pigment.Models.Autoencoders;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Pipelines.TextToImage;

/// <param name="Psnr">mean PSNR of the reconstructions (dB, on [0, 1])</param>
/// <param name="WorstPsnr">the lowest single-scene PSNR</param>
/// <param name="Intact">share of reconstructions of which the scene judge still reads the whole ground truth
/// (every shape, colour, count, relation and the background): 1 − this is the share with a flip</param>
public sealed record AutoencoderScore(int Scenes, double Psnr, double WorstPsnr, double Intact, string LatentShape)
{
    /// <summary>Why reconstructions failed the judge, most common first.</summary>
    public IReadOnlyList<(string Reason, int Count)> Failures { get; init; } = [];
}

/// <summary>The autoencoder on held-out scenes (the test split): PSNR of the round trip through the latents' means, and
/// whether the judge reads the same scene back from the reconstruction.</summary>
public static class AutoencoderEvaluation
{
    /// <param name="onFailure">Receives each scene the judge no longer reads right: original and reconstruction (3, H, W) in [0, 1], and why.</param>
    public static AutoencoderScore Measure(AutoencoderKL autoencoder, int count = 500, Action<Tensor, Tensor, string>? onFailure = null)
    {
        var test = (ShapesDataset)DatasetCatalog.Open("shapes:sd", DatasetSplit.Test, autoencoder.Config.ImageSize);
        autoencoder.eval();
        var psnrs = new List<double>();
        int intact = 0;
        var failures = new Dictionary<string, int>();
        string shape = "";
        using var inference = torch.inference_mode();
        for (int start = 0; start < count; start += 50)
        {
            using var scope = torch.NewDisposeScope();
            var scenes = Enumerable.Range(start, Math.Min(50, count - start)).Select(test.GetScene).ToList();
            var x = ImageTensor.ToBatch(scenes.Select(ShapeRenderer.Render).ToList(), PixelRange.MinusOneToOne);
            var (mean, _) = autoencoder.Encode(x);
            shape = string.Join("×", mean.shape.Skip(1));
            var y = autoencoder.Decode(mean).Clamp(-1.0, 1.0);
            for (int i = 0; i < scenes.Count; i++)
                psnrs.Add(AutoencoderObjective.Psnr(x[i], y[i]));
            var images = ImageTensor.ToImages(y, PixelRange.MinusOneToOne);
            for (int i = 0; i < scenes.Count; i++)
            {
                var (pass, reason) = JudgeValidation.Truth(scenes[i]).Judge(SceneParser.Parse(images[i]));
                if (pass)
                    intact++;
                else
                {
                    failures[reason] = failures.GetValueOrDefault(reason) + 1;
                    onFailure?.Invoke(x[i].Add(1).Div(2), y[i].Add(1).Div(2), reason);
                }
            }
        }
        return new AutoencoderScore(count, psnrs.Average(), psnrs.Min(), (double)intact / count, shape)
        {
            Failures = failures.OrderByDescending(f => f.Value).Select(f => (f.Key, f.Value)).ToArray(),
        };
    }
}
