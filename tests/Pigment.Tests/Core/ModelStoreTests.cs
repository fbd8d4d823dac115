using Pigment.Core;
using Pigment.Core.Checkpoints;
using Pigment.Pipelines;
using TorchSharp;

namespace Pigment.Tests.Core;

/// <summary>Model folders of one part and of several (model_index.json), and safetensors streamed in pieces.</summary>
public class ModelStoreTests
{
    private static void WritePart(string folder, string kind, bool weights)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "config.json"), $"{{\"kind\": \"{kind}\"}}");
        if (!weights)
            return;
        torch.manual_seed(1);
        using var layer = torch.nn.Linear(4, 3);
        StateDict.Save(layer, Path.Combine(folder, "model.safetensors"));
    }

    [Fact]
    public void AFolderWithAModelIndexResolvesToItsParts()
    {
        using var temp = new TempFolder();
        var folder = temp.File("tiny-sd");
        WritePart(Path.Combine(folder, "vae"), "autoencoder", weights: true);
        WritePart(Path.Combine(folder, "unet"), "unet", weights: true);
        WritePart(Path.Combine(folder, "scheduler"), "scheduler", weights: false);
        File.WriteAllText(Path.Combine(folder, ModelStore.IndexFile),
            """{"family": "latent-diffusion", "parts": {"vae": "autoencoder", "unet": "unet", "scheduler": "scheduler"}}""");

        var location = ModelStore.Resolve(folder);
        Assert.True(location.IsMultiPart);
        Assert.Equal("latent-diffusion", location.Family);
        Assert.Equal(["vae", "unet", "scheduler"], location.Parts.Select(p => p.Name));
        Assert.True(location.Part("unet").HasWeights);
        Assert.False(location.Part("scheduler").HasWeights);
        Assert.Equal(15, SafeTensors.Shapes(location.Part("vae").WeightsFile).Values.Sum(s => s.Aggregate(1L, (a, d) => a * d)));
        Assert.Contains("its parts are vae, unet, scheduler", Assert.Throws<PigmentException>(() => location.Part("text_encoder")).Message);

        File.WriteAllText(Path.Combine(folder, ModelStore.IndexFile), """{"family": "latent-diffusion", "parts": {"vae": "autoencoder", "text_encoder": "text-encoder"}}""");
        Assert.Contains("names a part 'text_encoder'", Assert.Throws<PigmentException>(() => ModelStore.Resolve(folder)).Message);
        File.WriteAllText(Path.Combine(folder, ModelStore.IndexFile), """{"parts": {}}""");
        Assert.Contains("\"family\" string", Assert.Throws<PigmentException>(() => ModelStore.Resolve(folder)).Message);
    }

    [Fact]
    public void AOnePartFolderIsItsOwnPart()
    {
        var location = ModelStore.Resolve("ddpm-mnist");
        Assert.False(location.IsMultiPart);
        var part = Assert.Single(location.Parts);
        Assert.Equal(location.WeightsFile, part.WeightsFile);
        Assert.NotNull(location.CardFile);
    }

    [Fact]
    public void TensorsLargerThanTheStreamBufferRoundTripAndShapesReadTheHeaderOnly()
    {
        using var temp = new TempFolder();
        var path = temp.File("big.safetensors");
        using var big = torch.randn(3, 1_000_000, generator: new torch.Generator(3));     // 12 MB: many buffer loads
        using var small = torch.tensor(new long[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 });
        SafeTensors.Save(path, new Dictionary<string, torch.Tensor> { ["big"] = big, ["small"] = small });
        using var loaded = SafeTensors.Load(path);
        Assert.True(TensorAssert.Same(big, loaded.Tensors["big"]));
        Assert.True(TensorAssert.Same(small, loaded.Tensors["small"]));
        Assert.Equal([3L, 1_000_000], SafeTensors.Shapes(path)["big"]);
    }
}
