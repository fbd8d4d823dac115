using Pigment.Core;
using Pigment.Core.Checkpoints;
using Pigment.Models.LatentDiffusion;
using Pigment.Models.TextEncoders;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Pigment.Tests.TextToImage;

/// <summary>The UNet's optional second reading of the prompt: each word's own embedding beside its contextual state.</summary>
public sealed class WordEmbeddingTests
{
    [Fact]
    public void EachStateIsFollowedByItsWordsEmbeddingAtTheStatesScale()
    {
        torch.manual_seed(2);
        using var clip = new ClipModel(TinyTextToImage.TextEncoder);
        clip.eval();
        string[] prompts = ["a red circle", "a red square"];
        using var plain = clip.EncodeText(prompts, CPU);
        using var words = clip.EncodeText(prompts, CPU, words: true);
        int w = TinyTextToImage.TextEncoder.Width;
        Assert.Equal(new long[] { 2, TinyTextToImage.TextEncoder.MaxTokens, 2 * w }, words.States.shape);
        Assert.True(TensorAssert.Same(plain.States, words.States.narrow(2, 0, w)));
        Assert.True(TensorAssert.Same(plain.Pooled, words.Pooled));

        using var embeddings = words.States.narrow(2, w, w);
        using var rms = embeddings.square().mean([-1]).sqrt();
        Assert.True(rms.Sub(1.0).abs().max().item<float>() < 1e-3);

        // Position 3 ([bos] a red ·): the shape word. Its embedding half is the word alone, the same in any prompt with it.
        using var again = clip.EncodeText(["two blue circle"], CPU, words: true);
        Assert.True(TensorAssert.Same(embeddings[0, 3], again.States[0, 3].narrow(0, w, w)));
        Assert.False(embeddings[0, 3].allclose(embeddings[1, 3], atol: 1e-3));
    }

    [Fact]
    public void AUnetWidenedForWordsStartsAsTheTrainedOne()
    {
        using var temp = new TempFolder();
        using var pipeline = TinyTextToImage.Create(seed: 4);
        var file = Path.Combine(temp.Path, "unet.safetensors");
        StateDict.Save(pipeline.Unet, file);

        var narrow = pipeline.Unet.Config;
        using var widened = new CrossAttentionUNet(narrow with { ContextDim = LatentDiffusionConfig.ContextDim(narrow.ContextDim, wordEmbeddings: true) });
        StateDict.LoadWidened(widened, file);
        widened.eval();
        pipeline.Unet.eval();
        pipeline.TextEncoder.eval();

        string[] prompts = ["a red circle above a blue square", "three stars", ""];
        using var generator = Seeds.Generator(3);
        using var x = torch.randn([3, narrow.LatentChannels, narrow.LatentSize, narrow.LatentSize], generator: generator);
        using var t = torch.tensor(new long[] { 10, 500, 990 });
        using var inference = torch.inference_mode();
        using var plain = pipeline.TextEncoder.EncodeText(prompts, CPU);
        using var words = pipeline.TextEncoder.EncodeText(prompts, CPU, words: true);
        using var before = pipeline.Unet.call(x, t, plain);
        using var after = widened.call(x, t, words);
        Assert.True(before.allclose(after, rtol: 1e-4, atol: 1e-5), $"largest difference {before.sub(after).abs().max().item<float>()}");
        Assert.True(before.abs().max().item<float>() > 1e-2);          // a real output, not zeros on both sides

        // Anything but a wider last dimension is a different network: refused, naming the key.
        using var other = new CrossAttentionUNet(narrow with { BaseChannels = 8 });
        var error = Assert.Throws<PigmentException>(() => StateDict.LoadWidened(other, file));
        Assert.Contains("shape mismatches", error.Message);
    }
}
