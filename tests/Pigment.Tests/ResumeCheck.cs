using Pigment.Core.Checkpoints;
using Pigment.Training;

namespace Pigment.Tests;

/// <summary>The resume experiment every family's trainer must pass: one run straight through, one stopped after a step and resumed.</summary>
public static class ResumeCheck
{
    /// <summary>Trains into ROOT/straight, and into ROOT/interrupted stopping after <paramref name="stopAfter"/> steps then resuming.</summary>
    public static (string Straight, string Interrupted) Run(string root, Func<string, Trainer> newTrainer, int stopAfter)
    {
        var straight = Path.Combine(root, "straight");
        var interrupted = Path.Combine(root, "interrupted");
        Assert.Equal(TrainingOutcome.Completed, newTrainer(straight).Run(resume: false, CancellationToken.None));
        using var stop = new CancellationTokenSource();
        var first = newTrainer(interrupted);
        first.StepCompleted += p => { if (p.Step == stopAfter) stop.Cancel(); };
        Assert.Equal(TrainingOutcome.Interrupted, first.Run(resume: false, stop.Token));
        Assert.Equal(stopAfter, ConfigJson.Load<RunFolder.CheckpointState>(Path.Combine(interrupted, "checkpoint", "state.json")).Step);
        Assert.Equal(TrainingOutcome.Completed, newTrainer(interrupted).Run(resume: true, CancellationToken.None));
        return (straight, interrupted);
    }

    /// <summary>Every tensor of each file is bit for bit the same in both runs.</summary>
    public static void AssertSameTensors(string straight, string interrupted, params string[] files)
    {
        foreach (var file in files)
        {
            using var a = SafeTensors.Load(Path.Combine(straight, file));
            using var b = SafeTensors.Load(Path.Combine(interrupted, file));
            foreach (var (name, tensor) in a.Tensors)
                Assert.True(TensorAssert.Same(tensor, b.Tensors[name]), $"{file}: {name}");
        }
    }
}
