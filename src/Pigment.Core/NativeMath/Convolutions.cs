using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Core.NativeMath;

/// <summary>How Pigment calls libtorch's CPU convolutions.</summary>
public enum ConvolutionMode
{
    /// <summary>As they are.</summary>
    Native,

    /// <summary>
    /// With channel counts padded to a multiple of 16 by zeros inside the call: on AMD Zen 5, libtorch 2.10's oneDNN
    /// convolutions are wrong (finite but wrong, or NaN) when the input channels of a forward or the output channels
    /// of a backward to the input are not a multiple of 16, at any thread count and with oneDNN capped at AVX2 too;
    /// with the counts padded, oneDNN takes its full-block kernels, which are exact. The zero channels add nothing to
    /// the result and get no gradient.
    /// </summary>
    Padded,
}

/// <summary>
/// conv2d and conv_transpose2d as every Pigment model calls them, through <see cref="Mode"/>: native kernels, or
/// padded channels where the self-check found the native ones wrong (<see cref="MathSafety"/> sets it).
/// </summary>
public static class Convolutions
{
    /// <summary>The block that oneDNN's AVX-512 float kernels work in.</summary>
    public const int Block = 16;

    /// <summary>Input channels up to this many take oneDNN's first-layer kernels, which were right: no padding.</summary>
    public const int FewInputChannels = 4;

    private static volatile ConvolutionMode _processMode = ConvolutionMode.Native;

    [ThreadStatic]
    private static ConvolutionMode? _threadMode;

    /// <summary>The mode of the calling thread: its own (<see cref="Use"/>) or the process's (<see cref="ProcessMode"/>).</summary>
    public static ConvolutionMode Mode => _threadMode ?? _processMode;

    /// <summary>The mode of every thread that has not chosen its own; <see cref="MathSafety.Ensure"/> sets it.</summary>
    public static ConvolutionMode ProcessMode
    {
        get => _processMode;
        set => _processMode = value;
    }

    /// <summary>Runs the calling thread's next calls in <paramref name="mode"/> until the scope is disposed (the
    /// self-check, benchmarks and tests); other threads keep theirs.</summary>
    public static IDisposable Use(ConvolutionMode mode)
    {
        var previous = _threadMode;
        _threadMode = mode;
        return new Restore(previous);
    }

    /// <summary>y = W ⋆ x + b, as <c>torch.nn.functional.conv2d</c>.</summary>
    public static Tensor Conv2d(Tensor x, Tensor weight, Tensor? bias, long stride = 1, long padding = 0, long groups = 1) =>
        Conv2d(x, weight, bias, [stride, stride], [padding, padding], groups);

    public static Tensor Conv2d(Tensor x, Tensor weight, Tensor? bias, long[] stride, long[] padding, long groups = 1)
    {
        long outChannels = weight.shape[0], inChannels = weight.shape[1];
        long padIn = inChannels > FewInputChannels ? PadTo(inChannels) : 0;
        long padOut = GradientFlowsTo(x) ? PadTo(outChannels) : 0;
        if (Mode == ConvolutionMode.Native || groups != 1 || x.device_type != DeviceType.CPU || padIn + padOut == 0)
            return nn.functional.conv2d(x, weight, bias, strides: stride, padding: padding, groups: groups);

        using var scope = torch.NewDisposeScope();
        var xp = padIn > 0 ? nn.functional.pad(x, [0, 0, 0, 0, 0, padIn]) : x;                      // (B, C + p, H, W), zeros
        var wp = nn.functional.pad(weight, [0, 0, 0, 0, 0, padIn, 0, padOut]);                      // (O + q, C + p, kH, kW)
        var bp = bias is null || padOut == 0 ? bias : nn.functional.pad(bias, [0, padOut]);
        var y = nn.functional.conv2d(xp, wp, bp, strides: stride, padding: padding);
        return (padOut > 0 ? y.narrow(1, 0, outChannels) : y).MoveToOuterDisposeScope();              // (B, O, H', W')
    }

    /// <summary>The transpose of <see cref="Conv2d"/>, as <c>torch.nn.functional.conv_transpose2d</c> (weight (C_in, C_out, kH, kW)).</summary>
    public static Tensor ConvTranspose2d(Tensor x, Tensor weight, Tensor? bias, long stride, long padding, long outputPadding = 0)
    {
        long inChannels = weight.shape[0], outChannels = weight.shape[1];
        // A transposed convolution's forward is a convolution's backward to the input and vice versa, so both
        // channel counts meet the faulty kernels whichever way the data flows.
        long padIn = inChannels > FewInputChannels ? PadTo(inChannels) : 0;
        long padOut = PadTo(outChannels);
        if (Mode == ConvolutionMode.Native || x.device_type != DeviceType.CPU || padIn + padOut == 0)
            return nn.functional.conv_transpose2d(x, weight, bias, strides: [stride, stride], padding: [padding, padding], output_padding: [outputPadding, outputPadding]);

        using var scope = torch.NewDisposeScope();
        var xp = padIn > 0 ? nn.functional.pad(x, [0, 0, 0, 0, 0, padIn]) : x;
        var wp = nn.functional.pad(weight, [0, 0, 0, 0, 0, padOut, 0, padIn]);                      // (C_in + p, C_out + q, kH, kW)
        var bp = bias is null || padOut == 0 ? bias : nn.functional.pad(bias, [0, padOut]);
        var y = nn.functional.conv_transpose2d(xp, wp, bp, strides: [stride, stride], padding: [padding, padding], output_padding: [outputPadding, outputPadding]);
        return (padOut > 0 ? y.narrow(1, 0, outChannels) : y).MoveToOuterDisposeScope();
    }

    private static long PadTo(long channels) => (Block - channels % Block) % Block;

    private static bool GradientFlowsTo(Tensor x) => x.requires_grad && torch.is_grad_enabled();

    private sealed class Restore(ConvolutionMode? previous) : IDisposable
    {
        public void Dispose() => _threadMode = previous;
    }
}
