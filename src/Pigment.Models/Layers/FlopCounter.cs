using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Models.Layers;

/// <summary>
/// Counts the floating-point operations of a network's forward passes analytically, from the shapes the layers
/// see: a multiply-add is 2 operations. Counted: convolutions (2 · B · C_out · H' · W' · C_in/groups · k_h · k_w),
/// linear layers (2 · rows · in · out) and attention's two matrix products (2 · 2 · B · heads · L · L_c · d,
/// reported by <see cref="Attention"/> and <see cref="Diffusion.SelfAttention2d"/>). Not counted: normalisations,
/// activations, additions and softmax, a few percent of a UNet's work. One counter per thread at a time.
/// </summary>
public sealed class FlopCounter : IDisposable
{
    [ThreadStatic]
    private static FlopCounter? _active;

    private readonly List<Action> _removers = [];

    private FlopCounter(nn.Module network)
    {
        foreach (var (_, module) in network.named_modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    var convHook = conv.register_forward_hook((m, input, output) =>
                    {
                        var w = ((Conv2d)m).weight;
                        Add(2 * output.numel() * w.shape[1] * w.shape[2] * w.shape[3]);
                        return output;
                    });
                    _removers.Add(convHook.remove);
                    break;
                case TorchSharp.Modules.Linear linear:
                    var linearHook = linear.register_forward_hook((m, input, output) =>
                    {
                        Add(2 * output.numel() * input.shape[^1]);
                        return output;
                    });
                    _removers.Add(linearHook.remove);
                    break;
            }
        }
        _active = this;
    }

    /// <summary>Floating-point operations counted so far.</summary>
    public long Operations { get; private set; }

    /// <summary>Starts counting <paramref name="network"/>'s forward passes on this thread (dispose to stop).</summary>
    public static FlopCounter Start(nn.Module network)
    {
        if (_active is not null)
            throw new InvalidOperationException("A FLOP counter is already running on this thread.");
        return new FlopCounter(network);
    }

    /// <summary>Attention's QKᵀ and AV products, reported by the layers that compute them (no-op when nothing counts).</summary>
    public static void Attention(long batch, long heads, long queries, long keys, long headDim) =>
        _active?.Add(2 * 2 * batch * heads * queries * keys * headDim);

    private void Add(long operations) => Operations += operations;

    public void Dispose()
    {
        foreach (var remove in _removers)
            remove();
        _active = null;
    }
}
