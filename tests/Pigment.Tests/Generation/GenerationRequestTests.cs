using Pigment.Core;
using Pigment.Pipelines;
using Pigment.Pipelines.Generation;
using Pigment.Samplers;
using TorchSharp;

namespace Pigment.Tests.Generation;

/// <summary>One request and one result for every family: seeds per image, one range, refusals before any work.</summary>
public class GenerationRequestTests
{
    public static TheoryData<string, string?> Models() => new()
    {
        { "ddpm-mnist", "3" },
        { "vae-mnist", null },
        { "gan-mnist", "3" },
        { "flow-mnist", "3" },
        { "pixelcnn-mnist", "3" },
    };

    private static GenerationRequest Request(string model, string? prompt, int count, long seed) => new()
    {
        Count = count,
        Seed = seed,
        Prompt = prompt,
        SamplerOptions = model == "ddpm-mnist" ? new SamplerOptions { Steps = 4 } : null,
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void ImageIEqualsASingleImageRunWithSeedPlusI(string model, string? prompt)
    {
        using var generator = Generators.Open(ModelStore.Resolve(model));
        using var batch = generator.Generate(Request(model, prompt, 2, 40));
        using var alone = generator.Generate(Request(model, prompt, 1, 41));
        Assert.Equal(2, batch.Images.shape[0]);
        // The same draws; only float rounding may differ between a batch of 2 and of 1 (kernels block by batch size),
        // which a PixelCNN's discrete draws could turn into a rare flipped pixel.
        using var difference = (batch.Images[1] - alone.Images[0]).abs();
        double flipped = difference.GreaterThan(0.5).to_type(torch.ScalarType.Float32).mean().item<float>();
        if (model == "pixelcnn-mnist")
            Assert.True(flipped <= 0.01, $"{flipped:P1} of the pixels differ");
        else
            Assert.True(difference.max().item<float>() <= 2e-3, $"{model}: max difference {difference.max().item<float>()}");
        Assert.Equal(41, batch.Parameters[1].Seed);
        Assert.Equal(41, alone.Parameters[0].Seed);
        // One documented range for every family: [0, 1].
        Assert.True(batch.Images.min().item<float>() >= 0 && batch.Images.max().item<float>() <= 1);
        Assert.Equal([generator.Channels, generator.Size, generator.Size], batch.Images.shape[1..]);
    }

    [Theory]
    [InlineData("gan-mnist", "mask", "cannot start from an image")]
    [InlineData("vae-mnist", "prompt", "is unconditional: it takes no prompt")]
    [InlineData("ddpm-mnist", "unknown", "Unknown class 'eleven': this model knows 0, 1, 2")]
    [InlineData("flow-mnist", "guidance", "has no classifier-free guidance")]
    [InlineData("pixelcnn-mnist", "sampler", "takes no sampler or steps")]
    [InlineData("gan-mnist", "temperature", "has no temperature")]
    [InlineData("ddpm-mnist", "steps", "--steps must be from 1 to the model's 1000 training steps")]
    [InlineData("ddpm-mnist", "mask-only", "A mask needs a starting image")]
    public void WhatAModelCannotDoIsRefusedBeforeAnyWork(string model, string what, string message)
    {
        using var generator = Generators.Open(ModelStore.Resolve(model));
        using var image = torch.zeros(1, 28, 28);
        using var mask = torch.ones(28, 28);
        var request = what switch
        {
            "mask" => new GenerationRequest { InitImage = image, Mask = mask },
            "prompt" => new GenerationRequest { Prompt = "7" },
            "unknown" => new GenerationRequest { Prompt = "eleven" },
            "guidance" => new GenerationRequest { Guidance = 3 },
            "sampler" => new GenerationRequest { Sampler = "ddim" },
            "temperature" => new GenerationRequest { Temperature = 0.5 },
            "steps" => new GenerationRequest { SamplerOptions = new SamplerOptions { Steps = 5000 } },
            _ => new GenerationRequest { Mask = mask },
        };
        var error = Assert.Throws<PigmentException>(() => generator.Validate(request));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Img2ImgAtStrengthZeroReturnsTheStartingImageAndInpaintingKeepsTheUnmaskedPart()
    {
        using var generator = Generators.Open(ModelStore.Resolve("ddpm-mnist"));
        using var digit = generator.Generate(new GenerationRequest { Count = 1, Seed = 3, Prompt = "8", SamplerOptions = new SamplerOptions { Steps = 10 } });
        using var start = digit.Images[0].clone();

        using var same = generator.Generate(new GenerationRequest { Count = 1, Seed = 5, Prompt = "8", InitImage = start, Strength = 0, SamplerOptions = new SamplerOptions { Steps = 10 } });
        Assert.True(same.Images[0].allclose(start, rtol: 0, atol: 1e-6));
        Assert.Contains(same.Parameters[0].Extra, e => e.Key == "Denoising strength" && e.Value == "0");

        // Repaint the left half as a 1: the right half stays the 8's, to the rounding of re-noising it at every level.
        using var mask = torch.zeros(28, 28);
        mask[.., ..14] = torch.ones(28, 14);
        using var painted = generator.Generate(new GenerationRequest { Count = 1, Seed = 6, Prompt = "1", InitImage = start, Strength = 1, Mask = mask, SamplerOptions = new SamplerOptions { Steps = 10 } });
        using var keptPart = painted.Images[0][.., .., 14..];
        using var originalPart = start[.., .., 14..];
        Assert.True(keptPart.allclose(originalPart, rtol: 0, atol: 1e-4), $"max difference {(keptPart - originalPart).abs().max().item<float>()}");
        using var paintedPart = painted.Images[0][.., .., ..14];
        using var before = start[.., .., ..14];
        Assert.False(paintedPart.allclose(before, rtol: 0, atol: 0.05));
    }

    [Fact]
    public void ProgressGivesPreviewsAndCancellationStops()
    {
        using var generator = Generators.Open(ModelStore.Resolve("ddpm-mnist"));
        using var cancel = new CancellationTokenSource();
        var fractions = new List<double>();
        Assert.ThrowsAny<OperationCanceledException>(() => generator.Generate(new GenerationRequest { Count = 2, Seed = 1, SamplerOptions = new SamplerOptions { Steps = 10 } }, p =>
        {
            fractions.Add(p.Fraction);
            Assert.NotNull(p.Preview);
            Assert.Equal([2L, 1, 28, 28], p.Preview!.shape);
            if (fractions.Count == 3)
                cancel.Cancel();
        }, cancel.Token));
        Assert.Equal([0.1, 0.2, 0.3], fractions.Select(f => Math.Round(f, 6)));
    }
}
