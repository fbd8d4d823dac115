using Pigment.Classic.Imaging;
using Pigment.Core.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Pipelines.Generation;

/// <summary>
/// The learning-free methods as generators, so the web server and scripts ask for them as for any model: image i
/// from seed + i, one image at a time with progress and cancellation between images.
/// <list type="bullet">
/// <item><c>procedural-noise</c>: fractal noise (5 octaves of fBm), 256×256 gray; the "class" picks the noise.</item>
/// <item><c>texture-quilting</c>: Efros–Freeman image quilting of a 128×128 texture from the starting image, which is
/// the sample (center-cropped and resized to 128×128); no strength or mask.</item>
/// </list>
/// </summary>
public sealed class ClassicGenerator : GeneratorBase
{
    public const string NoiseName = "procedural-noise";

    public const string QuiltingName = "texture-quilting";

    /// <summary>The classic generators by name.</summary>
    public static IReadOnlyList<string> Names { get; } = [NoiseName, QuiltingName];

    private static readonly Classic.Procedural.NoiseKind[] NoiseKinds = Enum.GetValues<Classic.Procedural.NoiseKind>();

    private ClassicGenerator(string name, string family, IReadOnlyList<string> classes, int channels, int size)
        : base(name, family, classes, channels, size)
    {
    }

    public static ClassicGenerator Open(string name) => name switch
    {
        NoiseName => new ClassicGenerator(NoiseName, "procedural", NoiseKinds.Select(k => k.ToString().ToLowerInvariant()).ToArray(), 1, 256),
        QuiltingName => new ClassicGenerator(QuiltingName, "quilting", [], 3, 128),
        _ => throw new Core.PigmentException($"No classic generator '{name}': there are {string.Join(", ", Names)}."),
    };

    private bool IsQuilting => Family == "quilting";

    protected override bool TakesInitImage => IsQuilting;

    protected override void ValidateFamily(GenerationRequest request)
    {
        if (IsQuilting && request.InitImage is null)
            throw new Core.PigmentException($"'{Name}' quilts a texture from a sample: give the sample as the starting image.");
        if (request.Mask is not null)
            throw new Core.PigmentException($"'{Name}' takes no mask.");
    }

    protected override GenerationResult GenerateValidated(GenerationRequest request, Action<GenerationProgress>? progress, CancellationToken cancel)
    {
        var labels = IsQuilting ? null : Labels(request);
        var sample = request.InitImage is { } init ? Sample(init) : null;
        var images = new List<Tensor>();
        try
        {
            for (int i = 0; i < request.Count; i++)
            {
                cancel.ThrowIfCancellationRequested();
                long seed = request.Seed + i;
                var image = sample is null
                    ? Classic.Procedural.ProceduralGenerator.Render(new Classic.Procedural.ProceduralSettings { Kind = NoiseKinds[labels![i]], Size = Size, Seed = seed })
                    : Classic.Texture.ImageQuilting.Synthesize(sample, new Classic.Texture.QuiltingOptions { Width = Size, Height = Size, Block = 24, Seed = seed });
                images.Add(torch.tensor(image.Data, [image.Channels, image.Height, image.Width]));
                progress?.Invoke(new GenerationProgress((i + 1) / (double)request.Count, null));
            }
            var batch = torch.stack(images);                       // (N, C, H, W) in [0, 1]
            var shared = new GenerationParameters
            {
                Sampler = IsQuilting ? "Image quilting (Efros & Freeman 2001), block 24" : "Fractal noise (fBm, 5 octaves, frequency 4)",
            };
            var parameters = PerImage(request, labels, shared);
            if (IsQuilting)
                parameters = parameters.Select(p => p with { Prompt = "" }).ToArray();
            return new GenerationResult(batch, parameters);
        }
        finally
        {
            foreach (var image in images)
                image.Dispose();
        }
    }

    /// <summary>The sample texture, (C, H, W) in [0, 1], as the classic code's planar float image.</summary>
    private static FloatImage Sample(Tensor init)
    {
        using var chw = init.dim() == 4 ? init[0] : init.alias();
        using var contiguous = chw.contiguous();
        var data = contiguous.data<float>().ToArray();
        return new FloatImage((int)chw.shape[2], (int)chw.shape[1], (int)chw.shape[0], data);
    }

    public override void Dispose()
    {
    }
}
