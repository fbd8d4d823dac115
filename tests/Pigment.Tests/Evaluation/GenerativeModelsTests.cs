using Pigment.Core;
using Pigment.Pipelines;

namespace Pigment.Tests.Evaluation;

public class GenerativeModelsTests
{
    [Fact]
    public void SpecsChooseHowToDraw()
    {
        using (var ddpm = GenerativeModels.Open("ddpm-mnist@ddim:50"))
        {
            Assert.Equal("ddpm", ddpm.Family);
            Assert.StartsWith("DDIM", ddpm.Method);
            Assert.Equal("50 (sampler steps; T = 1000)", ddpm.PassesPerImage);
        }
        using (var vae = GenerativeModels.Open("vae-mnist@0.8"))
        {
            Assert.Contains("Gaussian mixture", vae.Method);                // the shipped fitted prior
            Assert.Contains("temperature 0.8", vae.Method);
            Assert.True(vae.Parameters > 1_000_000);
        }
        using (var normal = GenerativeModels.Open("vae-mnist@normal:0.7"))
        {
            Assert.Contains("N(0, I), temperature 0.7", normal.Method);
            using var fitted = GenerativeModels.Open("vae-mnist");
            Assert.Equal(fitted.Parameters - 5_609, normal.Parameters);   // the mixture's parameters count with it
            // The likelihood is scored under the prior the model is drawn from.
            var settings = new Pigment.Pipelines.Generation.LikelihoodSettings(ImportanceSamples: 8);
            Assert.Contains("prior N(0, I)", normal.TestNll(2, 0, settings: settings)!.Estimate);
            Assert.Contains("Gaussian mixture", fitted.TestNll(2, 0, settings: settings)!.Estimate);
        }
        using (var gan = GenerativeModels.Open("gan-mnist"))
        {
            Assert.Equal("1", gan.PassesPerImage);
            Assert.Null(gan.TestNll(2, 0));                                 // a GAN has no likelihood
        }
        Assert.Throws<PigmentException>(() => GenerativeModels.Open("vae-mnist@normal:hot"));
        Assert.Throws<PigmentException>(() => GenerativeModels.Open("vae-mnist@ddim:50"));
        Assert.Throws<PigmentException>(() => GenerativeModels.Open("ddpm-mnist@0.8"));
        Assert.Throws<PigmentException>(() => GenerativeModels.Open("ddpm-mnist@nonsense:20"));
        Assert.Throws<PigmentException>(() => GenerativeModels.Open("classifier-mnist"));
    }

    [Fact]
    public void VaeImageIUsesSeedPlusIAndTemperatureScalesTheLatent()
    {
        foreach (var fittedPrior in new[] { true, false })
            ImageIUsesSeedPlusI(VaePipeline.Load(ModelStore.Resolve("vae-mnist"), fittedPrior));
    }

    private static void ImageIUsesSeedPlusI(VaePipeline pipeline)
    {
        using var vae = pipeline;
        using var a = vae.Sample(3, seed: 10);
        using var b = vae.Sample(1, seed: 12);
        Assert.True(a[2].allclose(b[0], atol: 1e-5));
        using var cold = vae.Sample(1, seed: 12, temperature: 0.5);
        Assert.False(cold.allclose(b[0], atol: 1e-3));
        Assert.Throws<PigmentException>(() => vae.Sample(1, 0, temperature: 0));
    }
}
