namespace Pigment.Core.Data;

/// <summary>
/// Random augmentation of training batches. Zero everywhere (the default) means none. Digits should not be
/// flipped; photos and textures usually may be flipped horizontally.
/// </summary>
public sealed record AugmentationOptions
{
    public bool HorizontalFlip { get; init; }

    public bool VerticalFlip { get; init; }

    /// <summary>Rotation drawn uniformly from ±this many degrees.</summary>
    public double MaxRotationDegrees { get; init; }

    /// <summary>Zoom factor drawn uniformly from [1 − s, 1 + s].</summary>
    public double MaxScaleChange { get; init; }

    /// <summary>Brightness factor drawn from [1 − b, 1 + b].</summary>
    public double Brightness { get; init; }

    /// <summary>Contrast factor drawn from [1 − c, 1 + c] (about each image's mean luma).</summary>
    public double Contrast { get; init; }

    /// <summary>Saturation factor drawn from [1 − s, 1 + s] (RGB only).</summary>
    public double Saturation { get; init; }

    public static AugmentationOptions None { get; } = new();

    public bool IsIdentity => !HorizontalFlip && !VerticalFlip && MaxRotationDegrees == 0 && MaxScaleChange == 0
                              && Brightness == 0 && Contrast == 0 && Saturation == 0;

    public void Validate()
    {
        void Check(double value, double max, string name)
        {
            if (!(value >= 0 && value <= max))
                throw new PigmentException($"Augmentation {name} must be from 0 to {max}, not {value}.");
        }
        Check(MaxRotationDegrees, 180, "rotation");
        Check(MaxScaleChange, 0.9, "scale");
        Check(Brightness, 1, "brightness");
        Check(Contrast, 1, "contrast");
        Check(Saturation, 1, "saturation");
    }
}
