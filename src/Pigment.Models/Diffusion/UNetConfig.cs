namespace Pigment.Models.Diffusion;

/// <summary>
/// The shape of a diffusion UNet. Level i works at resolution ImageSize / 2^i with
/// BaseChannels · ChannelMultipliers[i] channels and ResBlocksPerLevel ResNet blocks; self-attention is added at
/// the levels listed in AttentionLevels. NumClasses &gt; 0 adds a label embedding with one extra, reserved "null"
/// label (index NumClasses) used for unconditional predictions in classifier-free guidance.
/// </summary>
public sealed record UNetConfig
{
    public int ImageSize { get; init; } = 28;

    public int InChannels { get; init; } = 1;

    public int BaseChannels { get; init; } = 32;

    public IReadOnlyList<int> ChannelMultipliers { get; init; } = [1, 2, 2];

    public int ResBlocksPerLevel { get; init; } = 2;

    public IReadOnlyList<int> AttentionLevels { get; init; } = [2];

    public int AttentionHeads { get; init; } = 4;

    public double Dropout { get; init; } = 0.1;

    public int NumClasses { get; init; }

    public int NormGroups { get; init; } = 8;

    /// <summary>The index of the reserved "null" label (only meaningful when NumClasses &gt; 0).</summary>
    public int NullLabel => NumClasses;

    public void Validate()
    {
        if (ImageSize < 4 || InChannels is < 1 or > 4 || BaseChannels < 4 || ChannelMultipliers.Count == 0 || ResBlocksPerLevel < 1)
            throw new Core.PigmentException("UNet config: image size ≥ 4, 1-4 channels, base channels ≥ 4, at least one level and one block per level.");
        if (ImageSize % (1 << (ChannelMultipliers.Count - 1)) != 0)
            throw new Core.PigmentException($"UNet config: image size {ImageSize} must be divisible by 2^{ChannelMultipliers.Count - 1} for {ChannelMultipliers.Count} levels.");
        if (AttentionLevels.Any(l => l < 0 || l >= ChannelMultipliers.Count))
            throw new Core.PigmentException("UNet config: attention levels must name existing levels.");
    }
}
