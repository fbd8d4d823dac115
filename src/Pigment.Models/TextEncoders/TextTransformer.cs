using Pigment.Core;
using Pigment.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Models.TextEncoders;

/// <summary>What a text encoder returns for a batch of prompts.</summary>
/// <param name="States">per-token states (B, L, W) after the final LayerNorm (and, if asked, each token's embedding
/// beside them, (B, L, 2W)): what cross-attention reads</param>
/// <param name="Mask">(B, L) bool, true at real tokens ([bos], words, [eos])</param>
/// <param name="Pooled">the [eos] token's state projected to the joint space, (B, E): the prompt as one vector</param>
public sealed record TextEncoding(Tensor States, Tensor Mask, Tensor Pooled) : IDisposable
{
    public void Dispose()
    {
        States.Dispose();
        Mask.Dispose();
        Pooled.Dispose();
    }
}

/// <summary>
/// CLIP's text tower: token + learned position embeddings, pre-LN transformer blocks with bidirectional attention
/// (padding masked out), a final LayerNorm; the [eos] state, projected, is the prompt's embedding. (CLIP's causal
/// mask exists for its language-model ancestry; here every word may see the words after it, so "red" already knows
/// it belongs to "circle" in "a red circle".)
/// </summary>
public sealed class TextTransformer : nn.Module<Tensor, TextEncoding>
{
    private readonly Embedding token_embedding;
    private readonly Parameter position_embedding;
    private readonly ModuleList<TransformerBlock> blocks;
    private readonly LayerNorm final_norm;
    private readonly Linear text_projection;

    public TextTransformer(TextEncoderConfig config) : base(nameof(TextTransformer))
    {
        token_embedding = nn.Embedding(config.Tokenizer().Size, config.Width);
        using (torch.no_grad())
            token_embedding.weight!.normal_(0, 0.02);
        position_embedding = nn.Parameter(torch.randn(config.MaxTokens, config.Width).Mul(0.01));
        blocks = new ModuleList<TransformerBlock>(Enumerable.Range(0, config.Layers).Select(_ => new TransformerBlock(config.Width, config.Heads)).ToArray());
        final_norm = Norms.LayerNorm(config.Width);
        text_projection = nn.Linear(config.Width, config.EmbedDim, hasBias: false);
        RegisterComponents();
    }

    /// <param name="ids">(B, L) int64 token ids, [pad] after [eos]</param>
    public override TextEncoding forward(Tensor ids) => Encode(ids, words: false);

    /// <summary>
    /// The prompt's encoding; with <paramref name="words"/>, each token's state is followed by its own token embedding
    /// (RMS-normalised to the states' scale), (B, L, 2W): the word's identity beside its meaning in context.
    /// </summary>
    public TextEncoding Encode(Tensor ids, bool words)
    {
        using var scope = torch.NewDisposeScope();
        var mask = ids.NotEqualTo(WordTokenizer.Pad);                                              // (B, L)
        var embedded = token_embedding.call(ids);                                                  // (B, L, W)
        var x = embedded.Plus(position_embedding.narrow(0, 0, ids.shape[1]));
        foreach (var block in blocks)
            x = block.call(x, mask);
        var states = final_norm.call(x);
        var eos = ids.EqualTo(WordTokenizer.Eos).to(ScalarType.Int64).argmax(1);               // (B) position of [eos]
        var pooled = text_projection.call(states[ScalarMath.Arange(ids.shape[0], ids.device), eos]);   // (B, E)
        if (words)
            states = torch.cat([states, embedded.mul(embedded.square().mean([-1], keepdim: true).Add(1e-12).rsqrt())], dim: -1);
        return new TextEncoding(states.MoveToOuterDisposeScope(), mask.MoveToOuterDisposeScope(), pooled.MoveToOuterDisposeScope());
    }
}
