using Pigment.Core;

namespace Pigment.Models.LatentDiffusion;

/// <summary>
/// The shape of a text-conditioned UNet on latents (as SD's <c>UNet2DConditionModel</c>): level i works at
/// LatentSize / 2^i with BaseChannels · ChannelMultipliers[i] channels; the levels in TransformerLevels (and the
/// middle) get a transformer block after each ResNet block, whose cross-attention reads the text states
/// (ContextDim features). The prompt's pooled embedding (PooledDim) is added to the time embedding.
/// </summary>
public sealed record CrossAttentionUNetConfig
{
    public int LatentSize { get; init; } = 16;

    public int LatentChannels { get; init; } = 4;

    public int BaseChannels { get; init; } = 32;

    public IReadOnlyList<int> ChannelMultipliers { get; init; } = [1, 2, 4];

    public int ResBlocksPerLevel { get; init; } = 1;

    public IReadOnlyList<int> TransformerLevels { get; init; } = [0, 1, 2];

    public int HeadChannels { get; init; } = 16;

    public int ContextDim { get; init; } = 128;

    public int PooledDim { get; init; } = 128;

    public double Dropout { get; init; }

    public int NormGroups { get; init; } = 16;

    public void Validate()
    {
        if (LatentSize < 4 || LatentChannels < 1 || BaseChannels < 8 || ChannelMultipliers.Count == 0 || ResBlocksPerLevel < 1)
            throw new PigmentException("UNet config: latent size ≥ 4, ≥ 1 channel, base channels ≥ 8, at least one level and block.");
        if (LatentSize % (1 << (ChannelMultipliers.Count - 1)) != 0)
            throw new PigmentException($"UNet config: latent size {LatentSize} must be divisible by 2^{ChannelMultipliers.Count - 1}.");
        if (TransformerLevels.Any(l => l < 0 || l >= ChannelMultipliers.Count))
            throw new PigmentException("UNet config: transformer levels must name existing levels.");
        if (ChannelMultipliers.Any(m => BaseChannels * m % HeadChannels != 0))
            throw new PigmentException($"UNet config: every level's channels must be a multiple of {HeadChannels} (channels per attention head).");
    }
}
