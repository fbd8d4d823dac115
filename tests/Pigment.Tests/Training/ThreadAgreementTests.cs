using System.Text.Json;
using Pigment.Core.Checkpoints;
using Pigment.Core.NativeMath;
using Pigment.Models.Flow;
using Pigment.Tests.Flow;
using Pigment.Training;

namespace Pigment.Tests.Training;

/// <summary>
/// Training must not depend on the thread count beyond float rounding: the same tiny runs (diffusion UNet, GAN with
/// transposed convolutions, Glow flow) at 1 and at 2 threads log the same losses to 1e-3 relative, and finite ones.
/// On AMD Zen 5 with libtorch's native convolutions these runs went NaN within four steps.
/// </summary>
public class ThreadAgreementTests
{
    private static double[] Losses(Func<string, Trainer> newTrainer, int threads)
    {
        using var temp = new TempFolder();
        using (Threads.Use(threads))
            Assert.Equal(TrainingOutcome.Completed, newTrainer(temp.Path).Run(resume: false, CancellationToken.None));
        return File.ReadAllLines(Path.Combine(temp.Path, "log.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(e => e.TryGetProperty("loss", out _))
            .Select(e => e.GetProperty("loss").GetDouble())
            .ToArray();
    }

    private static void AssertAgree(Func<string, Trainer> newTrainer)
    {
        var one = Losses(newTrainer, 1);
        var two = Losses(newTrainer, 2);
        Assert.Equal(one.Length, two.Length);
        Assert.NotEmpty(one);
        for (int i = 0; i < one.Length; i++)
        {
            Assert.True(double.IsFinite(one[i]) && double.IsFinite(two[i]), $"step {i + 1}: {one[i]} vs {two[i]}");
            Assert.True(Math.Abs(one[i] - two[i]) <= 1e-3 * Math.Max(1, Math.Abs(one[i])), $"step {i + 1}: 1 thread {one[i]}, 2 threads {two[i]}");
        }
    }

    [Fact]
    public void DiffusionTrainingAgreesAcrossThreadCounts() => AssertAgree(Diffusion.TrainingTests.NewTrainer);

    [Fact]
    public void GanTrainingAgreesAcrossThreadCounts() => AssertAgree(Gan.GanTrainingTests.NewTrainer);

    [Fact]
    public void FlowTrainingAgreesAcrossThreadCounts()
    {
        using var temp = new TempFolder();
        var initial = temp.File("initial.safetensors");
        StateDict.Save(new Glow(FlowTests.Tiny(classes: 2)), initial);
        AssertAgree(folder => FlowTrainingTests.NewTrainer(folder, initial));
    }
}
