using Pigment.Core;

namespace Pigment.Models.Autoencoders;

/// <summary>
/// The shape of a KL autoencoder (as Stable Diffusion's <c>AutoencoderKL</c>): level i works at ImageSize / 2^i
/// with ChannelMultipliers[i] · BaseChannels channels, so the latents are (LatentChannels, ImageSize / 2^(L−1),
/// ImageSize / 2^(L−1)) for L levels: [1, 2, 2] maps 64×64×3 to 16×16×4, [1, 2, 2, 4] to 8×8×4.
/// </summary>
public sealed record AutoencoderConfig
{
    public string Family { get; init; } = AutoencoderObjective.FamilyName;

    public int ImageSize { get; init; } = 64;

    public int InChannels { get; init; } = 3;

    public int LatentChannels { get; init; } = 4;

    public int BaseChannels { get; init; } = 32;

    public IReadOnlyList<int> ChannelMultipliers { get; init; } = [1, 2, 2];

    /// <summary>ResNet blocks per level in the encoder; the decoder has one more, as in SD.</summary>
    public int BlocksPerLevel { get; init; } = 1;

    public int NormGroups { get; init; } = 8;

    /// <summary>β of the KL term, KL(q(z|x) ‖ N(0, I)) summed over latents, against the L1 sum over pixels (SD: 1e-6).</summary>
    public double KlWeight { get; init; } = 1e-6;

    public string Dataset { get; init; } = "";

    /// <summary>How many times smaller a latent's side is than the image's.</summary>
    public int Downsampling => 1 << (ChannelMultipliers.Count - 1);

    public int LatentSize => ImageSize / Downsampling;

    public void Validate()
    {
        if (InChannels is < 1 or > 4 || LatentChannels < 1 || BaseChannels < 8 || ChannelMultipliers.Count == 0 || BlocksPerLevel < 1)
            throw new PigmentException("Autoencoder config: 1–4 image channels, ≥ 1 latent channel, ≥ 8 base channels, at least one level and block.");
        if (ImageSize % Downsampling != 0)
            throw new PigmentException($"Autoencoder config: image size {ImageSize} must be divisible by {Downsampling}.");
        if (KlWeight < 0)
            throw new PigmentException($"Autoencoder config: the KL weight must be ≥ 0, not {KlWeight}.");
    }
}
