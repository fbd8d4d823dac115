using Pigment.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Core.Imaging;

/// <summary>The filters the command line offers, by name.</summary>
public enum FilterKind
{
    Box,
    Gaussian,
    Sharpen,
    Sobel,
    Laplacian,
    Emboss,
    Kernel,
}

/// <summary>
/// Image filters as convolutions: a kernel slid over each channel (depthwise conv2d, so a batch on any device is
/// filtered in one call), with reflect padding so the output keeps the input's size and edges show no dark frame.
/// Images are (B, C, H, W) or (C, H, W) float tensors in [0, 1].
/// </summary>
public static class ConvolutionFilters
{
    /// <summary>out[b, c] = (pad_reflect(x[b, c]) ⋆ k): the same kernel on every channel, no clamping.</summary>
    public static Tensor Convolve(Tensor images, Tensor kernel) => Convolve(images, kernel, clamp: false);

    /// <summary>
    /// As <see cref="Convolve(Tensor, Tensor)"/>, optionally clamped to [0, 1]. Float32 CPU tensors with odd kernel
    /// sizes take <see cref="CpuConvolution"/> (SIMD, separable kernels as two 1-D passes, the clamp fused into the
    /// store); other devices and types use conv2d.
    /// </summary>
    internal static Tensor Convolve(Tensor images, Tensor kernel, bool clamp)
    {
        if (kernel.dim() != 2)
            throw new ArgumentException("A kernel is a 2-D tensor (kH, kW).", nameof(kernel));
        bool single = images.dim() == 3;
        if (!single && images.dim() != 4)
            throw new ArgumentException($"Expected (C, H, W) or (B, C, H, W) images, got shape [{string.Join(", ", images.shape)}].");
        using var scope = torch.NewDisposeScope();
        var batch = single ? images.unsqueeze(0) : images;
        long channels = batch.shape[1], height = batch.shape[2], width = batch.shape[3];
        long kh = kernel.shape[0], kw = kernel.shape[1];
        long padY = kh / 2, padX = kw / 2;
        // Reflect padding mirrors the image about its edge pixel, so it needs pad < size on each side.
        if (padY >= height || padX >= width)
            throw new PigmentException($"A {kw}x{kh} kernel is too large for a {width}x{height} image (reflect padding needs the kernel's half-size below the image size).");
        if (CpuConvolution.Supports(images, kernel))
            return CpuConvolution.Convolve(images, kernel, clamp).MoveToOuterDisposeScope();
        var padded = nn.functional.pad(batch, [padX, padX, padY, padY], PaddingModes.Reflect);
        // Depthwise: weight (C, 1, kH, kW) with groups = C applies the kernel to each channel separately.
        var weight = kernel.to(batch.device).to_type(batch.dtype).expand(channels, 1, kh, kw).contiguous();
        var output = nn.functional.conv2d(padded, weight, groups: channels);
        if (clamp)
            output = output.Clamp(0, 1);
        return (single ? output.squeeze(0) : output).MoveToOuterDisposeScope();
    }

    /// <summary>Applies a named filter; the result is clamped to [0, 1].</summary>
    public static Tensor Apply(Tensor images, FilterKind kind, int? size = null, double? sigma = null, string? kernelText = null)
    {
        using var scope = torch.NewDisposeScope();
        // Plain convolutions are clamped as they are stored; Laplacian and Sobel are clamped after their last step.
        var result = kind switch
        {
            FilterKind.Box => Convolve(images, Kernels.Box(size ?? 3), clamp: true),
            FilterKind.Gaussian => Convolve(images, Kernels.Gaussian(sigma ?? 1.0, size), clamp: true),
            FilterKind.Sharpen => Convolve(images, Kernels.Sharpen(), clamp: true),
            FilterKind.Laplacian => Convolve(images, Kernels.Laplacian()).abs().Clamp(0, 1),
            FilterKind.Emboss => Convolve(images, Kernels.Emboss(), clamp: true),
            FilterKind.Sobel => SobelMagnitude(images).Clamp(0, 1),
            FilterKind.Kernel => Convolve(images, Kernels.Parse(kernelText
                ?? throw new PigmentException("The kernel filter needs --kernel, e.g. --kernel \"0,-1,0;-1,5,-1;0,-1,0\".")), clamp: true),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Edge strength |∇f| = √(G_x² + G_y²) with Sobel's derivatives, computed on the luma of RGB images
    /// (0.299 R + 0.587 G + 0.114 B), so the result has one channel. Scaled by 1/4 so a full black-to-white step
    /// edge maps to 1.
    /// </summary>
    public static Tensor SobelMagnitude(Tensor images)
    {
        using var scope = torch.NewDisposeScope();
        var luma = ToLuma(images);
        var gx = Convolve(luma, Kernels.SobelX());
        var gy = Convolve(luma, Kernels.SobelY());
        return gx.square().Plus(gy.square()).sqrt().Div(4).MoveToOuterDisposeScope();
    }

    /// <summary>Y = 0.299 R + 0.587 G + 0.114 B along the channel axis; one-channel input is returned as is.</summary>
    public static Tensor ToLuma(Tensor images)
    {
        int channelAxis = images.dim() == 4 ? 1 : 0;
        if (images.shape[channelAxis] == 1)
            return images.alias();
        using var weights = torch.tensor(new[] { 0.299f, 0.587f, 0.114f }, device: images.device).to_type(images.dtype);
        var shape = channelAxis == 1 ? new long[] { 1, 3, 1, 1 } : [3, 1, 1];
        using var w = weights.reshape(shape);
        return (images * w).sum(channelAxis, keepdim: true);
    }
}
