using Pigment.Core;
using Pigment.Models.Layers;
using Conv2d = Pigment.Models.Layers.Conv2d;
using ConvTranspose2d = Pigment.Models.Layers.ConvTranspose2d;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pigment.Models.PixelCnn;

/// <summary>
/// One layer of the Gated PixelCNN (van den Oord et al. 2016, fig. 2): a vertical stack that sees the k/2 rows above
/// and the current row (all k columns), and a horizontal stack that sees the pixels to the left in the current row.
/// The vertical stack feeds the horizontal one shifted down by a row, so the horizontal stack at (i, j) only ever sees
/// rows &lt; i through it — no blind spot and no leak. Both stacks use the gated activation
/// y = tanh(W_f * x + V_f h) ⊙ σ(W_g * x + V_g h), with h a label embedding when conditional.
/// The causal kernels are cropped rather than masked: a (k/2 + 1) × k kernel with the input padded only at the top
/// (vertical), and a 1 × (k/2 + 1) kernel padded only on the left (horizontal; 1 × k/2, shifted right, for the first
/// layer's type-A mask that also hides the current pixel).
/// </summary>
public sealed class GatedBlock : nn.Module
{
    private readonly Conv2d vertical;
    private readonly Conv2d horizontal;
    private readonly Conv2d vertical_to_horizontal;
    private readonly Conv2d horizontal_out;
    private readonly Embedding? vertical_label;
    private readonly Embedding? horizontal_label;

    private readonly int _half;
    private readonly bool _first;

    public GatedBlock(int inChannels, int channels, int kernel, bool first, int numClasses) : base(nameof(GatedBlock))
    {
        if (kernel < 1 || kernel % 2 == 0)
            throw new ArgumentException($"A PixelCNN kernel must be odd, not {kernel}.");
        if (first && kernel < 3)
            throw new ArgumentException("The first (type A) layer needs a kernel of at least 3.");
        _half = kernel / 2;
        _first = first;
        vertical = new Conv2d(inChannels, 2 * channels, (_half + 1, kernel));                           // rows i − k/2 … i
        horizontal = new Conv2d(inChannels, 2 * channels, (1, first ? _half : _half + 1));              // columns j − k/2 … j (− 1 for type A)
        vertical_to_horizontal = new Conv2d(2 * channels, 2 * channels, 1);
        horizontal_out = new Conv2d(channels, channels, 1);
        if (numClasses > 0)
        {
            // V_f h, V_g h for a one-hot h: an embedding per stack, starting at zero (the unconditional model).
            vertical_label = nn.Embedding(numClasses, 2 * channels);
            horizontal_label = nn.Embedding(numClasses, 2 * channels);
            using (torch.no_grad())
            {
                vertical_label.weight!.zero_();
                horizontal_label.weight!.zero_();
            }
        }
        RegisterComponents();
    }

    /// <summary>(v, h) of shape (B, C_in, H, W) and labels (B) or null → (v', h'), each (B, p, H, W).</summary>
    public (Tensor Vertical, Tensor Horizontal) Forward(Tensor v, Tensor h, Tensor? labels)
    {
        using var scope = torch.NewDisposeScope();
        long height = v.shape[2], width = v.shape[3];
        // Vertical: pad k/2 rows on top and k/2 columns on both sides; output row i sees input rows i − k/2 … i.
        var vPre = vertical.call(F.pad(v, [_half, _half, _half, 0]));                                   // (B, 2p, H, W)
        // Shift down by one row before it reaches the horizontal stack: (i, j) gets the vertical features of row i − 1.
        var shifted = F.pad(vPre, [0, 0, 1, 0])[.., .., ..(int)height, ..];
        Tensor hPre;
        if (_first)
        {
            // Type A: columns j − k/2 … j − 1 only (pad k/2 on the left, convolve 1 × k/2, keep the first W outputs).
            hPre = horizontal.call(F.pad(h, [_half, 0, 0, 0]))[.., .., .., ..(int)width];
        }
        else
        {
            // Type B: columns j − k/2 … j.
            hPre = horizontal.call(F.pad(h, [_half, 0, 0, 0]));
        }
        hPre = hPre.Plus(vertical_to_horizontal.call(shifted));
        if (labels is not null && vertical_label is not null && horizontal_label is not null)
        {
            vPre = vPre.Plus(vertical_label.call(labels)[.., .., TensorIndex.None, TensorIndex.None]);
            hPre = hPre.Plus(horizontal_label.call(labels)[.., .., TensorIndex.None, TensorIndex.None]);
        }
        var vOut = Gate(vPre);
        // Residual connection in the horizontal stack (not in the first layer, whose input is the image).
        var hOut = horizontal_out.call(Gate(hPre));
        if (!_first)
            hOut = h.Plus(hOut);
        return (vOut.MoveToOuterDisposeScope(), hOut.MoveToOuterDisposeScope());
    }

    /// <summary>y = tanh(a_f) ⊙ σ(a_g), with (a_f, a_g) the two halves of the channels.</summary>
    public static Tensor Gate(Tensor preActivation)
    {
        var halves = preActivation.chunk(2, 1);
        return halves[0].tanh() * halves[1].sigmoid();
    }
}
