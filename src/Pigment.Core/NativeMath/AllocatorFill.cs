using System.Runtime.InteropServices;
using TorchSharp;

namespace Pigment.Core.NativeMath;

/// <summary>What libtorch's CPU allocator writes into every block it hands out.</summary>
public enum FillMode
{
    /// <summary>Nothing: a new tensor holds whatever the heap held before (libtorch's default).</summary>
    None,

    /// <summary>Zeros. The safe setting: a kernel that reads memory it never wrote reads 0, and 0 × 0 = 0.</summary>
    Zero,

    /// <summary>A NaN pattern (0x7fedbeef). A diagnostic: a kernel that reads memory it never wrote returns NaN every time.</summary>
    Junk,
}

/// <summary>
/// Switches libtorch's CPU allocator between no fill, zero fill and junk fill, through the two flags that c10 keeps
/// for this: <c>FLAGS_caffe2_cpu_allocator_do_zero_fill</c> and <c>FLAGS_caffe2_cpu_allocator_do_junk_fill</c>
/// (exported globals of libc10.so, read by <c>c10::alloc_cpu</c> on every allocation, so a change takes effect at
/// once, in every thread).
/// <para>
/// Why: some of libtorch's oneDNN convolution kernels read elements of a buffer they never wrote (channel padding
/// of a blocked layout) and multiply them by zero. Finite garbage times zero is zero, so the result is exact; but
/// when the heap happens to hold a NaN or infinity there, 0 × NaN = NaN and one call in a few hundred returns NaN.
/// Zero fill makes those elements 0, so every result is the exact one (see <see cref="KernelSelfCheck"/>).
/// </para>
/// </summary>
public static class AllocatorFill
{
    private const string ZeroFlag = "FLAGS_caffe2_cpu_allocator_do_zero_fill";
    private const string JunkFlag = "FLAGS_caffe2_cpu_allocator_do_junk_fill";

    private static readonly Lazy<(IntPtr Zero, IntPtr Junk)> Flags = new(FindFlags);

    /// <summary>The mode in effect now.</summary>
    public static FillMode Current
    {
        get
        {
            var (zero, junk) = Flags.Value;
            return Marshal.ReadByte(zero) != 0 ? FillMode.Zero : Marshal.ReadByte(junk) != 0 ? FillMode.Junk : FillMode.None;
        }
    }

    /// <summary>Sets the mode for every allocation from now on (in all threads).</summary>
    public static void Set(FillMode mode)
    {
        var (zero, junk) = Flags.Value;
        Marshal.WriteByte(zero, mode == FillMode.Zero ? (byte)1 : (byte)0);
        Marshal.WriteByte(junk, mode == FillMode.Junk ? (byte)1 : (byte)0);
    }

    /// <summary>Sets <paramref name="mode"/> until the returned scope is disposed, then restores the previous mode.</summary>
    public static IDisposable Use(FillMode mode)
    {
        var previous = Current;
        Set(mode);
        return new Restore(previous);
    }

    private sealed class Restore(FillMode previous) : IDisposable
    {
        public void Dispose() => Set(previous);
    }

    private static (IntPtr, IntPtr) FindFlags()
    {
        _ = torch.get_num_threads();    // loads libtorch (and with it libc10) if nothing has yet
        var folder = Path.GetDirectoryName(typeof(torch).Assembly.Location) ?? "";
        foreach (var candidate in new[] { Path.Combine(folder, "libc10.so"), "libc10.so", Path.Combine(folder, "c10.dll"), "c10" })
        {
            if (!NativeLibrary.TryLoad(candidate, out var library))
                continue;
            if (NativeLibrary.TryGetExport(library, ZeroFlag, out var zero) && NativeLibrary.TryGetExport(library, JunkFlag, out var junk))
                return (zero, junk);
        }
        throw new PigmentException($"libtorch's c10 library does not export {ZeroFlag}; this libtorch build cannot zero-fill its CPU allocations.");
    }
}
