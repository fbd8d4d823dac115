using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Core;

/// <summary>
/// Tensor arithmetic with plain numbers, each number made into a <see cref="Scalar"/> that lives until the native call
/// has returned and is then freed.
/// <para>
/// Why: in TorchSharp 0.107, <c>x * 2</c> turns 2 into a temporary Scalar and hands libtorch only its native
/// handle; nothing keeps the managed object alive during the call, so a garbage collection there can run its
/// finalizer and free the scalar while libtorch reads it (dotnet/TorchSharp PRs #1434 and #1496). Training then
/// dies with "Unknown scalar type", or silently multiplies by garbage. The build bans every implicit Scalar
/// conversion and every tensor operator that takes a plain number (BannedSymbols.txt, RS0030): numbers go through
/// here. Each method computes exactly what the banned form computed (same kernel, same operand order), so results
/// are bit-identical.
/// </para>
/// </summary>
public static class ScalarMath
{
    /// <summary>
    /// The constants TorchSharp's convenience overloads would otherwise create as temporary Scalars (<c>a + b</c> is
    /// <c>a.add(b, 1)</c> inside TorchSharp, <c>arange(n)</c> is <c>arange(0, n, 1)</c>). Static, so never finalized;
    /// a Scalar is immutable and may be read by any number of threads at once.
    /// </summary>
    private static readonly Scalar ZeroScalar = 0L.ToScalar();
    private static readonly Scalar OneScalar = 1L.ToScalar();

    /// <summary>
    /// <paramref name="result"/>, with the operands kept alive until the call that made it has returned. TorchSharp
    /// hands libtorch only a tensor's handle, so an operand that nothing else references (x in <c>randn(n).Mul(2)</c>)
    /// could otherwise be finalized by another thread's collection mid-call: the same trap as the Scalars', for tensors.
    /// </summary>
    private static Tensor Kept(Tensor result, Tensor a)
    {
        GC.KeepAlive(a);
        return result;
    }

    private static Tensor Kept(Tensor result, Tensor a, Tensor b)
    {
        GC.KeepAlive(a);
        GC.KeepAlive(b);
        return result;
    }

    private static Tensor Kept(Tensor result, Tensor a, Tensor b, Tensor c)
    {
        GC.KeepAlive(a);
        GC.KeepAlive(b);
        GC.KeepAlive(c);
        return result;
    }

    /// <summary>a + b, elementwise (broadcasting), with an explicit multiplier 1.</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => Kept(a.add(b, OneScalar), a, b);

    /// <summary>a += b in place.</summary>
    public static Tensor Plus_(this Tensor a, Tensor b) => Kept(a.add_(b, OneScalar), a, b);

    /// <summary>x + v.</summary>
    public static Tensor Add(this Tensor x, double v)
    {
        using var s = v.ToScalar();
        return Kept(x.add(s, OneScalar), x);
    }

    /// <summary>x + v with an integer v (keeps an integer tensor integer).</summary>
    public static Tensor Add(this Tensor x, long v)
    {
        using var s = v.ToScalar();
        return Kept(x.add(s, OneScalar), x);
    }

    /// <summary>x − v.</summary>
    public static Tensor Sub(this Tensor x, double v)
    {
        using var s = v.ToScalar();
        return Kept(x.sub(s), x);
    }

    /// <summary>x − v with an integer v.</summary>
    public static Tensor Sub(this Tensor x, long v)
    {
        using var s = v.ToScalar();
        return Kept(x.sub(s), x);
    }

    /// <summary>x · v.</summary>
    public static Tensor Mul(this Tensor x, double v)
    {
        using var s = v.ToScalar();
        return Kept(x.mul(s), x);
    }

    /// <summary>x · v with an integer v.</summary>
    public static Tensor Mul(this Tensor x, long v)
    {
        using var s = v.ToScalar();
        return Kept(x.mul(s), x);
    }

    /// <summary>x / v.</summary>
    public static Tensor Div(this Tensor x, double v)
    {
        using var s = v.ToScalar();
        return Kept(x.div(s), x);
    }

    /// <summary>x / v with an integer v (true division, as the / operator).</summary>
    public static Tensor Div(this Tensor x, long v)
    {
        using var s = v.ToScalar();
        return Kept(x.div(s), x);
    }

    /// <summary>v − x, computed as TorchSharp's <c>v - x</c> does: (−x) + v.</summary>
    public static Tensor RSub(this Tensor x, double v)
    {
        using var s = v.ToScalar();
        using var negated = Kept(x.negative(), x);
        return negated.add(s, OneScalar);
    }

    /// <summary>v / x, computed as TorchSharp's <c>v / x</c> does: x⁻¹ · v.</summary>
    public static Tensor RDiv(this Tensor x, double v)
    {
        using var s = v.ToScalar();
        using var reciprocal = Kept(x.reciprocal(), x);
        return reciprocal.mul(s);
    }

    /// <summary>x^p.</summary>
    public static Tensor Pow(this Tensor x, double p)
    {
        using var s = p.ToScalar();
        return Kept(x.pow(s), x);
    }

    /// <summary>min(max(x, lo), hi).</summary>
    public static Tensor Clamp(this Tensor x, double lo, double hi)
    {
        using var a = lo.ToScalar();
        using var b = hi.ToScalar();
        return Kept(x.clamp(a, b), x);
    }

    /// <summary>min(max(x, lo), hi) with integer bounds (keeps an integer tensor integer).</summary>
    public static Tensor Clamp(this Tensor x, long lo, long hi)
    {
        using var a = lo.ToScalar();
        using var b = hi.ToScalar();
        return Kept(x.clamp(a, b), x);
    }

    /// <summary>x clamped to [lo, hi] in place, integer bounds.</summary>
    public static Tensor Clamp_(this Tensor x, long lo, long hi)
    {
        using var a = lo.ToScalar();
        using var b = hi.ToScalar();
        return Kept(x.clamp_(a, b), x);
    }

    /// <summary>max(x, lo) with an integer bound.</summary>
    public static Tensor ClampMin(this Tensor x, long lo)
    {
        using var a = lo.ToScalar();
        return Kept(x.clamp_min(a), x);
    }

    /// <summary>x filled with the integer v, in place.</summary>
    public static Tensor Fill_(this Tensor x, long v)
    {
        using var s = v.ToScalar();
        return Kept(x.fill_(s), x);
    }

    /// <summary>x clamped to [lo, hi] in place.</summary>
    public static Tensor Clamp_(this Tensor x, double lo, double hi)
    {
        using var a = lo.ToScalar();
        using var b = hi.ToScalar();
        return Kept(x.clamp_(a, b), x);
    }

    /// <summary>max(x, lo).</summary>
    public static Tensor ClampMin(this Tensor x, double lo)
    {
        using var a = lo.ToScalar();
        return Kept(x.clamp_min(a), x);
    }

    /// <summary>x filled with v, in place.</summary>
    public static Tensor Fill_(this Tensor x, double v)
    {
        using var s = v.ToScalar();
        return Kept(x.fill_(s), x);
    }

    /// <summary>x · v in place.</summary>
    public static Tensor Mul_(this Tensor x, double v)
    {
        using var s = v.ToScalar();
        return Kept(x.mul_(s), x);
    }

    /// <summary>x + α · y in place.</summary>
    public static Tensor AddScaled_(this Tensor x, Tensor y, double alpha)
    {
        using var s = alpha.ToScalar();
        return Kept(x.add_(y, s), x, y);
    }

    /// <summary>x + v · y ⊙ z in place.</summary>
    public static Tensor AddcMul_(this Tensor x, Tensor y, Tensor z, double v)
    {
        using var s = v.ToScalar();
        return Kept(x.addcmul_(y, z, s), x, y, z);
    }

    /// <summary>x + v · y ⊘ z in place.</summary>
    public static Tensor AddcDiv_(this Tensor x, Tensor y, Tensor z, double v)
    {
        using var s = v.ToScalar();
        return Kept(x.addcdiv_(y, z, s), x, y, z);
    }

    /// <summary>x &lt; v, elementwise.</summary>
    public static Tensor LessThan(this Tensor x, double v)
    {
        using var s = v.ToScalar();
        return Kept(x.lt(s), x);
    }

    /// <summary>x &gt; v, elementwise.</summary>
    public static Tensor GreaterThan(this Tensor x, double v)
    {
        using var s = v.ToScalar();
        return Kept(x.gt(s), x);
    }

    /// <summary>x == v, elementwise.</summary>
    public static Tensor EqualTo(this Tensor x, double v)
    {
        using var s = v.ToScalar();
        return Kept(x.eq(s), x);
    }

    public static Tensor NotEqualTo(this Tensor x, double v)
    {
        using var s = v.ToScalar();
        return Kept(x.ne(s), x);
    }

    /// <summary>x with <paramref name="v"/> where <paramref name="mask"/> is true.</summary>
    public static Tensor MaskedFill(this Tensor x, Tensor mask, double v)
    {
        using var s = v.ToScalar();
        return Kept(x.masked_fill(mask, s), x, mask);
    }

    /// <summary>0, 1, …, n − 1 as int64.</summary>
    public static Tensor Arange(long n, Device? device = null)
    {
        using var end = n.ToScalar();
        return torch.arange(ZeroScalar, end, OneScalar, dtype: ScalarType.Int64, device: device);
    }

    /// <summary>A tensor of <paramref name="shape"/> filled with <paramref name="value"/>.</summary>
    public static Tensor Full(long[] shape, double value, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        using var s = value.ToScalar();
        return torch.full(shape, s, dtype, device);
    }

    /// <summary>A tensor of <paramref name="shape"/> filled with the integer <paramref name="value"/> (int64 by default).</summary>
    public static Tensor Full(long[] shape, long value, ScalarType dtype = ScalarType.Int64, Device? device = null)
    {
        using var s = value.ToScalar();
        return torch.full(shape, s, dtype, device);
    }
}
