using Pigment.Core;
using static TorchSharp.torch;

namespace Pigment.Pipelines.Generation;

/// <summary>
/// Opens any trained model as an <see cref="IImageGenerator"/>, by the family its config names: one line per family.
/// </summary>
public static class Generators
{
    private static readonly Dictionary<string, Func<ModelStore.ModelLocation, Device, IImageGenerator>> Families = new()
    {
        [Models.Diffusion.DiffusionObjective.FamilyName] = (l, d) => new DiffusionGenerator(l.Name, DiffusionPipeline.Load(l, d)),
        [Models.Vae.VaeObjective.FamilyName] = (l, _) => new VaeGenerator(l.Name, VaePipeline.Load(l)),
        [Models.Gan.GanObjective.FamilyName] = (l, _) => new GanGenerator(l.Name, l.Family, GanPipeline.Load(l)),
        [Models.ProGan.ProGanObjective.FamilyName] = (l, _) => new GanGenerator(l.Name, l.Family, GanPipeline.Load(l)),
        [Models.StyleGan.StyleGanObjective.FamilyName] = (l, _) => new GanGenerator(l.Name, l.Family, GanPipeline.Load(l)),
        [Models.BigGan.BigGanObjective.FamilyName] = (l, _) => new GanGenerator(l.Name, l.Family, GanPipeline.Load(l)),
        [Models.Flow.FlowObjective.FamilyName] = (l, _) => new FlowGenerator(l.Name, FlowPipeline.Load(l)),
        [Models.PixelCnn.PixelCnnObjective.FamilyName] = (l, d) => new PixelCnnGenerator(l.Name, PixelCnnPipeline.Load(l, d)),
        [TextToImage.TextToImagePipeline.FamilyName] = (l, d) => new TextToImageGenerator(l.Name, TextToImage.TextToImagePipeline.Load(l, d)),
        [StackGanPipeline.FamilyName] = (l, _) => new StackGanGenerator(l.Name, StackGanPipeline.Load(l)),
    };

    /// <summary>The families that can generate.</summary>
    public static IReadOnlyCollection<string> FamilyNames => Families.Keys;

    public static IImageGenerator Open(ModelStore.ModelLocation location, Device? device = null) =>
        Families.TryGetValue(location.Family, out var open)
            ? open(location, device ?? Devices.Parse("auto"))
            : throw new PigmentException($"Model '{location.Name}' is a '{location.Family}' model, which does not generate images (generators: {string.Join(", ", Families.Keys)}).");
}
