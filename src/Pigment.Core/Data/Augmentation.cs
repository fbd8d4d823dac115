using Pigment.Core;
using Pigment.Core.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Core.Data;

/// <summary>Applies <see cref="AugmentationOptions"/> to a (B, C, H, W) batch in [0, 1], each image drawn independently.</summary>
public static class Augmentation
{
    public static Tensor Apply(Tensor batch, AugmentationOptions options, Generator generator)
    {
        if (options.IsIdentity)
            return batch.alias();
        using var scope = torch.NewDisposeScope();
        long b = batch.shape[0];
        var x = batch;
        Tensor Uniform(double halfWidth) => torch.rand(b, generator: generator).Mul(2).Sub(1).Mul(halfWidth); // U(−h, h)

        if (options.HorizontalFlip)
        {
            var flip = torch.rand(b, generator: generator).LessThan(0.5).reshape(b, 1, 1, 1);
            x = torch.where(flip, x.flip(3), x);
        }
        if (options.VerticalFlip)
        {
            var flip = torch.rand(b, generator: generator).LessThan(0.5).reshape(b, 1, 1, 1);
            x = torch.where(flip, x.flip(2), x);
        }
        if (options.MaxRotationDegrees > 0 || options.MaxScaleChange > 0)
        {
            // Sampling grid: output pixel p reads input at A·p, A = R(θ)/s, in the normalised [−1, 1] coordinates
            // of affine_grid; edge pixels are repeated outward (border padding).
            var angle = Uniform(options.MaxRotationDegrees * Math.PI / 180);
            var scale = Uniform(options.MaxScaleChange).Add(1);
            var cos = angle.cos() / scale;
            var sin = angle.sin() / scale;
            var zero = torch.zeros(b);
            var theta = torch.stack([cos, -sin, zero, sin, cos, zero], 1).reshape(b, 2, 3).to(x.device);
            var grid = nn.functional.affine_grid(theta, [.. x.shape], align_corners: false);
            x = nn.functional.grid_sample(x, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Border, align_corners: false);
        }
        if (options.Brightness > 0)
            x = x * Uniform(options.Brightness).Add(1).reshape(b, 1, 1, 1).to(x.device);
        if (options.Contrast > 0)
        {
            var mean = ConvolutionFilters.ToLuma(x).mean([1, 2, 3], keepdim: true);
            x = ((x - mean) * Uniform(options.Contrast).Add(1).reshape(b, 1, 1, 1).to(x.device)).Plus(mean);
        }
        if (options.Saturation > 0 && x.shape[1] == 3)
        {
            var gray = ConvolutionFilters.ToLuma(x);
            x = ((x - gray) * Uniform(options.Saturation).Add(1).reshape(b, 1, 1, 1).to(x.device)).Plus(gray);
        }
        return x.Clamp(0, 1).MoveToOuterDisposeScope();
    }
}
