using Pigment.Core;
using Pigment.Core.Checkpoints;
using Pigment.Models.BigGan;
using Pigment.Models.Gan;
using Pigment.Models.ProGan;
using Pigment.Models.StyleGan;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Pipelines;

/// <summary>
/// A trained GAN generator of any lineage (DCGAN, Progressive GAN, StyleGAN, BigGAN): one network pass maps z ~ N(0, I) (and, if
/// class-conditional, a label) to an image. Image i of a request uses the latent drawn with seed + i.
/// </summary>
public sealed class GanPipeline : IDisposable
{
    public GanPipeline(IGanGenerator generator)
    {
        Generator = generator;
        Generator.Network.eval();
    }

    public IGanGenerator Generator { get; }

    public GanShape Shape => Generator.Shape;

    /// <summary>The families this pipeline draws, by their config's family name.</summary>
    public static readonly IReadOnlyList<string> Families = [GanObjective.FamilyName, ProGanObjective.FamilyName, StyleGanObjective.FamilyName, BigGanObjective.FamilyName];

    public static GanPipeline Load(ModelStore.ModelLocation location)
    {
        IGanGenerator generator = location.Family switch
        {
            GanObjective.FamilyName => new DcganGenerator(ConfigJson.Load<GanConfig>(location.ConfigFile)),
            ProGanObjective.FamilyName => new ProGanGenerator(ConfigJson.Load<ProGanConfig>(location.ConfigFile)),
            StyleGanObjective.FamilyName => new StyleGanGenerator(ConfigJson.Load<StyleGanConfig>(location.ConfigFile)),
            BigGanObjective.FamilyName => new BigGanGenerator(ConfigJson.Load<BigGanConfig>(location.ConfigFile)),
            _ => throw new PigmentException($"Model '{location.Name}' is a '{location.Family}' model, not a GAN."),
        };
        StateDict.Load(generator.Network, location.WeightsFile);
        return new GanPipeline(generator);
    }

    public int ParseClass(string text) => ClassLabels.Parse(Shape.ClassNames, Shape.NumClasses, text);

    /// <summary>G(z_i, y_i), (N, C, H, W) in about [−1, 1]; <paramref name="labels"/> is required exactly when the GAN is class-conditional.</summary>
    public Tensor Generate(int count, IReadOnlyList<int>? labels, long seed, double? truncation = null)
    {
        if ((labels is not null) != (Shape.NumClasses > 0))
            throw new PigmentException(Shape.NumClasses > 0 ? "This GAN is class-conditional: give each image a label." : "This GAN is unconditional: it takes no labels.");
        using var inference = torch.inference_mode();
        using var z = Seeds.PerItemNormal(count, [Shape.LatentDim], seed);
        using var y = labels is null ? null : torch.tensor(labels.Select(l => (long)l).ToArray());
        return Generator.Draw(z, y, truncation);
    }

    /// <summary>(N, C, H, W) in [0, 1], labels cycling through the classes for a conditional GAN.</summary>
    public Tensor Sample(int count, long seed)
    {
        using var images = Generate(count, ClassLabels.Cycle(count, Shape.NumClasses), seed);
        return images.Add(1).Div(2).Clamp(0, 1);
    }

    public void Dispose() => Generator.Network.Dispose();
}
