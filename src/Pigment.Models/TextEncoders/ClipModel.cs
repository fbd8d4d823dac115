using Pigment.Core;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pigment.Models.TextEncoders;

/// <summary>
/// A small CLIP (Radford et al. 2021): a text tower and an image tower trained so that a caption's embedding is
/// nearest its own image's. Latent diffusion uses the frozen text tower's per-token states; evaluation uses both
/// towers (CLIP score, CLIP-feature FID).
/// </summary>
public sealed class ClipModel : nn.Module
{
    private readonly TextTransformer text;
    private readonly ImageEncoder image;
    private readonly Parameter logit_scale;

    public ClipModel(TextEncoderConfig config) : base(nameof(ClipModel))
    {
        config.Validate();
        Config = config;
        Tokenizer = config.Tokenizer();
        text = new TextTransformer(config);
        image = new ImageEncoder(config);
        logit_scale = nn.Parameter(torch.tensor(Math.Log(1 / 0.07)));                    // τ = 0.07 at the start
        RegisterComponents();
    }

    public TextEncoderConfig Config { get; }

    public WordTokenizer Tokenizer { get; }

    public TextTransformer Text => text;

    public ImageEncoder Image => image;

    /// <summary>exp(s), the inverse temperature, with s learned and capped at ln 100 as in CLIP.</summary>
    public Tensor Scale() => logit_scale.Clamp(0.0, Math.Log(100)).exp();

    /// <summary>The token ids (B, L) of prompts, with what each left out.</summary>
    public (Tensor Ids, IReadOnlyList<TokenizedPrompt> Prompts) Tokenize(IReadOnlyList<string> prompts, Device device)
    {
        var tokens = prompts.Select(Tokenizer.Encode).ToArray();
        var ids = torch.tensor(tokens.SelectMany(t => t.Ids).ToArray(), [prompts.Count, Config.MaxTokens], device: device);
        return (ids, tokens);
    }

    /// <summary>The text tower on prompts; <paramref name="words"/> adds each token's embedding to its state (<see cref="TextTransformer.Encode"/>).</summary>
    public TextEncoding EncodeText(IReadOnlyList<string> prompts, Device device, bool words = false)
    {
        var (ids, _) = Tokenize(prompts, device);
        using (ids)
            return text.Encode(ids, words);
    }

    /// <summary>Cosine similarity of each image (B, 3, H, W in [−1, 1]) with its prompt, (B).</summary>
    public Tensor Similarity(Tensor images, IReadOnlyList<string> prompts)
    {
        using var scope = torch.NewDisposeScope();
        using var encoding = EncodeText(prompts, images.device);
        var t = nn.functional.normalize(encoding.Pooled, dim: 1);
        var i = nn.functional.normalize(image.call(images), dim: 1);
        return (t * i).sum(1).MoveToOuterDisposeScope();
    }
}
