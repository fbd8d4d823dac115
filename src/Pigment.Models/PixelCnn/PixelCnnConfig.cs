namespace Pigment.Models.PixelCnn;

/// <summary>The shape of a Gated PixelCNN (van den Oord et al. 2016, "Conditional Image Generation with PixelCNN Decoders").</summary>
public sealed record PixelCnnConfig
{
    public string Family { get; init; } = PixelCnnObjective.FamilyName;

    public int ImageSize { get; init; } = 28;

    /// <summary>Image channels: 1 (grayscale). Colour would need the R → G → B masks within a pixel.</summary>
    public int InChannels { get; init; } = 1;

    /// <summary>Feature maps p of both stacks (each gated convolution produces 2p: the tanh and the sigmoid halves).</summary>
    public int Channels { get; init; } = 48;

    /// <summary>Gated layers, the first included.</summary>
    public int Layers { get; init; } = 10;

    /// <summary>Width k of the first (type A) layer's k × k causal receptive field; odd.</summary>
    public int FirstKernel { get; init; } = 7;

    /// <summary>Width k of the later (type B) layers' kernels; odd.</summary>
    public int Kernel { get; init; } = 3;

    /// <summary>Hidden channels of the 1 × 1 output head.</summary>
    public int HeadChannels { get; init; } = 64;

    public PixelCnnOutput Output { get; init; } = PixelCnnOutput.Bernoulli;

    /// <summary>Classes to condition on (a label embedding added inside every gate); 0 = unconditional.</summary>
    public int NumClasses { get; init; }

    public IReadOnlyList<string> ClassNames { get; init; } = [];

    public string Dataset { get; init; } = "mnist";
}
