namespace Pigment.Models.Vae;

/// <summary>What the VAE's decoder models p(x | z) as.</summary>
public enum VaeLikelihood
{
    /// <summary>Independent Bernoulli pixels on binarized images (the classic MNIST setting; NLL in nats).</summary>
    Bernoulli,

    /// <summary>Independent Gaussians with a learned per-pixel log-variance, on grayscale values in [0, 1].</summary>
    Gaussian,
}

/// <summary>The shape of a convolutional VAE (Kingma &amp; Welling 2014).</summary>
public sealed record VaeConfig
{
    public string Family { get; init; } = VaeObjective.FamilyName;

    public int ImageSize { get; init; } = 28;

    public int InChannels { get; init; } = 1;

    public int LatentDim { get; init; } = 32;

    /// <summary>Channels of the first convolution; the second has twice as many.</summary>
    public int Width { get; init; } = 32;

    public int HiddenDim { get; init; } = 512;

    public VaeLikelihood Likelihood { get; init; } = VaeLikelihood.Bernoulli;

    public string Dataset { get; init; } = "mnist";
}
