namespace Pigment.Models.PixelCnn;

/// <summary>What a PixelCNN's head predicts for each pixel, given all the pixels before it in raster order.</summary>
public enum PixelCnnOutput
{
    /// <summary>One logit per pixel of a binarized image: p(x_i = 1 | x_&lt;i) = σ(logit). NLL in nats per image.</summary>
    Bernoulli,

    /// <summary>A 256-way softmax over the 8-bit value of each pixel. NLL in bits per dimension.</summary>
    Categorical,
}
