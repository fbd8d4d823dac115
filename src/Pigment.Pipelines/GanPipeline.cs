using Pigment.Core;
using Pigment.Core.Checkpoints;
using Pigment.Models.Gan;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Pipelines;

/// <summary>
/// A trained GAN generator: one network pass maps z ~ N(0, I) (and, if class-conditional, a label) to an image.
/// Image i of a request uses the latent drawn with seed + i.
/// </summary>
public sealed class GanPipeline : IDisposable
{
    public GanPipeline(DcganGenerator generator)
    {
        Generator = generator;
        Generator.eval();
    }

    public DcganGenerator Generator { get; }

    public GanConfig Config => Generator.Config;

    public static GanPipeline Load(ModelStore.ModelLocation location)
    {
        if (location.Family != GanObjective.FamilyName)
            throw new PigmentException($"Model '{location.Name}' is a '{location.Family}' model, not a GAN.");
        var generator = new DcganGenerator(ConfigJson.Load<GanConfig>(location.ConfigFile));
        StateDict.Load(generator, location.WeightsFile);
        return new GanPipeline(generator);
    }

    public int ParseClass(string text) => ClassLabels.Parse(Config.ClassNames, Config.NumClasses, text);

    /// <summary>G(z_i, y_i), (N, C, H, W) in [−1, 1]; <paramref name="labels"/> is required exactly when the GAN is class-conditional.</summary>
    public Tensor Generate(int count, IReadOnlyList<int>? labels, long seed)
    {
        if ((labels is not null) != (Config.NumClasses > 0))
            throw new PigmentException(Config.NumClasses > 0 ? "This GAN is class-conditional: give each image a label." : "This GAN is unconditional: it takes no labels.");
        using var inference = torch.inference_mode();
        using var z = Seeds.PerItemNormal(count, [Config.LatentDim], seed);
        using var y = labels is null ? null : torch.tensor(labels.Select(l => (long)l).ToArray());
        return Generator.call(z, y);
    }

    /// <summary>(N, C, H, W) in [0, 1], labels cycling through the classes for a conditional GAN.</summary>
    public Tensor Sample(int count, long seed)
    {
        using var images = Generate(count, ClassLabels.Cycle(count, Config.NumClasses), seed);
        return images.Add(1).Div(2).Clamp(0, 1);
    }

    public void Dispose() => Generator.Dispose();
}
