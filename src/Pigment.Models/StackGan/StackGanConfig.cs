using Pigment.Core;

namespace Pigment.Models.StackGan;

/// <summary>
/// The shape and game of one stage of a StackGAN. Stage I draws <see cref="Stage1Size"/>-pixel sketches from the text and
/// z; Stage II redraws them at <see cref="ImageSize"/> from the sketch and the text again. Both stages read the pooled
/// embedding φ_t (<see cref="TextDim"/> features) of the same frozen text encoder.
/// </summary>
public sealed record StackGanConfig
{
    public string Family { get; init; } = StackGanObjective.FamilyName;

    /// <summary>1 (sketch from text) or 2 (refine the sketch, Stage I frozen).</summary>
    public int Stage { get; init; } = 1;

    public int ImageSize { get; init; } = 64;

    public int Stage1Size { get; init; } = 32;

    public int Channels { get; init; } = 3;

    /// <summary>Dimensions of z (Stage I only).</summary>
    public int LatentDim { get; init; } = 64;

    /// <summary>Dimensions of the augmented condition ĉ = μ(φ_t) + σ(φ_t) ⊙ ε.</summary>
    public int ConditionDim { get; init; } = 64;

    /// <summary>Dimensions of the text embedding φ_t (the text encoder's pooled output).</summary>
    public int TextDim { get; init; } = 128;

    /// <summary>The generator's base width: Stage I starts from 8·w channels at 4×4; Stage II works at 2·w channels.</summary>
    public int Width { get; init; } = 32;

    /// <summary>The discriminator's first-layer channels, doubled at each halving.</summary>
    public int DiscriminatorWidth { get; init; } = 32;

    /// <summary>The residual blocks of Stage II at the joint image–text resolution.</summary>
    public int ResidualBlocks { get; init; } = 2;

    /// <summary>λ of the conditioning augmentation's KL term, KL(N(μ, σ²) ‖ N(0, I)), in the generator's loss.</summary>
    public double KlWeight { get; init; } = 1.0;

    public string Dataset { get; init; } = "shapes:sd";

    /// <summary>The resolution this stage draws.</summary>
    public int OutputSize => Stage == 1 ? Stage1Size : ImageSize;

    public void Validate()
    {
        if (Stage is not (1 or 2))
            throw new PigmentException($"A StackGAN stage is 1 or 2, not {Stage}.");
        if (Stage1Size < 8 || (Stage1Size & (Stage1Size - 1)) != 0 || ImageSize != 2 * Stage1Size)
            throw new PigmentException($"StackGAN: Stage I draws a power-of-two size ≥ 8 and Stage II twice that ({Stage1Size} → {ImageSize} given).");
        if (LatentDim < 1 || ConditionDim < 1 || TextDim < 1 || Width < 4 || DiscriminatorWidth < 4 || ResidualBlocks < 0 || KlWeight < 0)
            throw new PigmentException("StackGAN: dimensions and widths must be positive, KL weight ≥ 0.");
    }
}
