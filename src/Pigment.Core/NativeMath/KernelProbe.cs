using Pigment.Core;
using static TorchSharp.torch;

namespace Pigment.Core.NativeMath;

/// <summary>Which results of a convolution probe to compare.</summary>
public enum ConvPart
{
    All,
    Forward,
    InputGradient,
    WeightGradient,
}

/// <summary>
/// One operation that models use, at one shape, on fixed inputs: what the self-check runs. <see cref="Run"/> computes it
/// in the given dtype (float32 as models run; float64 as the reference, which takes libtorch's plain kernels, not
/// oneDNN's) and returns every output (the forward result and the gradients of a fixed loss) flattened into one tensor.
/// Convolutions go through <see cref="Convolutions"/>, as the models' do.
/// </summary>
public sealed record KernelProbe(string Name, Func<ScalarType, Tensor> Run)
{
    /// <summary>The probes of <see cref="KernelSelfCheck"/>: convolutions forward and backward at channel counts that
    /// are and are not multiples of 16 (the faulty kernels' block), transposed convolutions, matmul/linear, batched
    /// matmul, attention and group norm, at the shapes of Pigment's small models.</summary>
    public static IReadOnlyList<KernelProbe> Standard { get; } =
    [
        Conv(2, 24, 16, 4),     // a tiny UNet's up-path ResBlock conv1 (the issue's reproduction)
        Conv(2, 20, 8, 4),
        Conv(2, 32, 16, 8),
        Conv(2, 1, 32, 28),     // an input layer on MNIST
        Conv(2, 3, 32, 16),     // an input layer on RGB
        Conv(2, 32, 1, 8),      // an output layer to one channel (ddpm-mnist's output_conv)
        Conv(2, 32, 3, 8),      // an output layer to RGB
        Conv(2, 64, 64, 7),
        Conv(2, 32, 96, 7, kernel: 1, padding: 0),              // attention's qkv projection
        Conv(2, 1, 32, 28, kernel: 4, stride: 2),               // a VAE encoder's or DCGAN critic's first layer
        Conv(2, 32, 64, 14, kernel: 4, stride: 2),
        Conv(2, 6, 16, 14, kernel: 1, padding: 0),              // a flow coupling's small channel counts
        ConvTranspose(2, 64, 32, 4),
        ConvTranspose(2, 32, 1, 7),
        Linear(64, 96, 40),
        new("bmm (4, 49, 32) × (4, 32, 49)", dtype =>
        {
            using var a = Fixed(dtype, 1, 4, 49, 32).requires_grad_(true);
            using var b = Fixed(dtype, 2, 4, 32, 49).requires_grad_(true);
            using var y = a.bmm(b);
            return Gradients(y, a, b);
        }),
        new("attention softmax(q kᵀ/√d) v, (2, 4, 49, 16)", dtype =>
        {
            using var q = Fixed(dtype, 3, 2, 4, 49, 16).requires_grad_(true);
            using var k = Fixed(dtype, 4, 2, 4, 49, 16).requires_grad_(true);
            using var v = Fixed(dtype, 5, 2, 4, 49, 16).requires_grad_(true);
            using var y = nn.functional.scaled_dot_product_attention(q, k, v);
            return Gradients(y, q, k, v);
        }),
        new("group_norm 8 groups, (2, 32, 8, 8)", dtype =>
        {
            using var x = Fixed(dtype, 6, 2, 32, 8, 8).requires_grad_(true);
            using var w = Fixed(dtype, 7, 32).requires_grad_(true);
            using var b = Fixed(dtype, 8, 32).requires_grad_(true);
            using var y = nn.functional.group_norm(x, 8, w, b);
            return Gradients(y, x, w, b);
        }),
    ];

    /// <summary>conv2d k×k (stride s, padding p; default 3×3, 1, 1): the forward output and the gradients of input, weight and bias.</summary>
    /// <param name="part">Which result to return: all of them (the default), or the forward output, the input's or the weight's gradient alone.</param>
    public static KernelProbe Conv(int batch, int inChannels, int outChannels, int size, int kernel = 3, int stride = 1, int padding = 1, ConvPart part = ConvPart.All) =>
        new($"conv2d {inChannels}→{outChannels} {kernel}×{kernel}{(stride > 1 ? $"/{stride}" : "")}, ({batch}, {inChannels}, {size}, {size}){(part == ConvPart.All ? "" : $" {part}")}", dtype =>
        {
            using var x = Fixed(dtype, 11, batch, inChannels, size, size).requires_grad_(true);
            using var w = Fixed(dtype, 12, outChannels, inChannels, kernel, kernel).requires_grad_(true);
            using var b = Fixed(dtype, 13, outChannels).requires_grad_(true);
            using var y = dtype == ScalarType.Float64 ? UnfoldConv2d(x, w, b, stride, padding) : Convolutions.Conv2d(x, w, b, stride, padding);
            using var all = Gradients(y, x, w, b);
            return part switch
            {
                ConvPart.Forward => y.detach().flatten(),
                ConvPart.InputGradient => x.grad!.flatten(),
                ConvPart.WeightGradient => w.grad!.flatten(),
                _ => all.alias(),
            };
        });

    /// <summary>conv_transpose2d 4×4, stride 2, padding 1 (a DCGAN up-sampling layer), forward and backward.</summary>
    public static KernelProbe ConvTranspose(int batch, int inChannels, int outChannels, int size) =>
        new($"conv_transpose2d {inChannels}→{outChannels} 4×4/2, ({batch}, {inChannels}, {size}, {size})", dtype =>
        {
            using var x = Fixed(dtype, 21, batch, inChannels, size, size).requires_grad_(true);
            using var w = Fixed(dtype, 22, inChannels, outChannels, 4, 4).requires_grad_(true);
            using var b = Fixed(dtype, 23, outChannels).requires_grad_(true);
            using var y = Convolutions.ConvTranspose2d(x, w, b, stride: 2, padding: 1);
            return Gradients(y, x, w, b);
        });

    public static KernelProbe Linear(int rows, int inFeatures, int outFeatures) =>
        new($"linear {inFeatures}→{outFeatures}, {rows} rows", dtype =>
        {
            using var x = Fixed(dtype, 31, rows, inFeatures).requires_grad_(true);
            using var w = Fixed(dtype, 32, outFeatures, inFeatures).requires_grad_(true);
            using var b = Fixed(dtype, 33, outFeatures).requires_grad_(true);
            using var y = nn.functional.linear(x, w, b);
            return Gradients(y, x, w, b);
        });

    /// <summary>
    /// The reference convolution, written independently of libtorch's convolution kernels (which in float64 would
    /// also consult NNPACK): im2col by unfold, then one matrix product. y = W (C_out, C_in·k·k) × cols (B, C_in·k·k, L).
    /// </summary>
    private static Tensor UnfoldConv2d(Tensor x, Tensor w, Tensor b, int stride, int padding)
    {
        long batch = x.shape[0], outChannels = w.shape[0], kernel = w.shape[2];
        long height = (x.shape[2] + 2 * padding - kernel) / stride + 1, width = (x.shape[3] + 2 * padding - kernel) / stride + 1;
        using var cols = nn.functional.unfold(x, kernel, padding: padding, stride: stride);       // (B, C_in·k·k, H'·W')
        using var flat = w.reshape(outChannels, -1);
        using var product = flat.matmul(cols);                                                  // (B, C_out, H'·W')
        using var shift = b.reshape(1, outChannels, 1);
        using var sum = product.Plus(shift);
        return sum.reshape(batch, outChannels, height, width);
    }

    /// <summary>Deterministic inputs in [−1, 1) that do not touch torch's global generator.</summary>
    private static Tensor Fixed(ScalarType dtype, int salt, params long[] shape)
    {
        long count = shape.Aggregate(1L, (a, b) => a * b);
        var values = new float[count];
        uint state = 2654435761u * (uint)(salt + 1);
        for (long i = 0; i < count; i++)
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            values[i] = (state >> 8) / (float)(1 << 23) - 1f;
        }
        return tensor(values).reshape(shape).to_type(dtype);
    }

    /// <summary>The output and the gradients of a fixed, non-uniform loss Σ y ⊙ g, flattened into one tensor.</summary>
    private static Tensor Gradients(Tensor y, params Tensor[] inputs)
    {
        using var g = Fixed(y.dtype, 99, y.shape);
        using var loss = (y * g).sum();
        loss.backward();
        var parts = new List<Tensor> { y.detach().flatten() };
        parts.AddRange(inputs.Select(t => t.grad!.flatten()));
        return cat(parts, 0);
    }
}
