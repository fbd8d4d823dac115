using Pigment.Core.Diffusion;
using Pigment.Models.Diffusion;
using Pigment.Pipelines;
using Pigment.Samplers;
using Pigment.Tests.Diffusion;
using Pigment.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Tests.Core;

/// <summary>
/// The Scalar trap under fire: threads sampling and training at once while another thread forces full collections
/// and runs the finalizers in a loop. If any number reached libtorch through a temporary Scalar that nothing kept
/// alive, a finalizer would free it mid-call and the results would differ from a serial run, or the process would
/// crash ("Unknown scalar type"). The build bans such Scalars (BannedSymbols.txt); this shows it holds at run time.
/// </summary>
public class ScalarStressTests
{
    private static readonly DiffusionModelConfig Config = new()
    {
        Unet = Tiny.UNet() with { Dropout = 0 },      // no draws from torch's process-wide generator during training
        Schedule = new NoiseScheduleConfig(BetaSchedule.Cosine, 50),
        ClassNames = ["left", "right"],
    };

    private static Tensor Sample(DiffusionPipeline pipeline, int seed) =>
        pipeline.Generate(3, new DpmSolverPlusPlus2MSampler(stochastic: true), new SamplerOptions { Steps = 8 }, 2.0, [0, 1, 0], seed);

    private static Trainer NewTrainer(string folder)
    {
        torch.manual_seed(1);
        var options = new TrainerOptions { Steps = 3, BatchSize = 8, LearningRate = 1e-3, WarmupSteps = 1, CheckpointEvery = 100, SampleEvery = 0, LogEvery = 1, Seed = 3, EmaDecay = 0.9 };
        return new Trainer(new DiffusionObjective(Config), new TinyDataset(), options, new RunFolder(folder));
    }

    [Fact]
    public void ConcurrentSamplingAndTrainingUnderForcedCollectionsMatchASerialRun()
    {
        using var temp = new TempFolder();
        torch.manual_seed(7);
        using var unet = new UNet(Config.Unet);
        using var pipeline = new DiffusionPipeline(Config, unet, CPU);

        // Serial reference: two samplings and one training run.
        var expected = new[] { Sample(pipeline, 10), Sample(pipeline, 11) };
        Assert.Equal(TrainingOutcome.Completed, NewTrainer(temp.File("serial")).Run(resume: false, CancellationToken.None));
        var expectedLog = File.ReadAllLines(temp.File("serial/log.jsonl")).Select(StripTiming).ToArray();

        var trainers = new[] { NewTrainer(temp.File("a")), NewTrainer(temp.File("b")) };    // built serially: init draws are global
        using var hammer = new CollectionHammer();
        var sampled = new Tensor[4];
        var leaked = new long[4];
        var work = new List<Thread>();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        Thread Guarded(Action body) => new(() =>
        {
            try { body(); }
            catch (Exception e) { failures.Enqueue(e); }
        });
        for (int i = 0; i < 4; i++)
        {
            int k = i;
            work.Add(Guarded(() =>
            {
                long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
                for (int repeat = 0; repeat < 3; repeat++)
                {
                    sampled[k]?.Dispose();
                    sampled[k] = Sample(pipeline, 10 + k % 2);
                }
                sampled[k].Dispose();
                leaked[k] = DisposeScopeManager.Statistics.ThreadTotalLiveCount - before;
                sampled[k] = Sample(pipeline, 10 + k % 2);
            }));
        }
        foreach (var trainer in trainers)
            work.Add(Guarded(() => trainer.Run(resume: false, CancellationToken.None)));
        work.ForEach(t => t.Start());
        work.ForEach(t => t.Join());
        int collections = hammer.Stop();

        Assert.Empty(failures);
        Assert.True(collections > 10, $"only {collections} forced collections ran");
        for (int i = 0; i < 4; i++)
        {
            Assert.True(TensorAssert.Same(sampled[i], expected[i % 2]), $"sampler thread {i}");
            Assert.Equal(0, leaked[i]);
        }
        foreach (var run in new[] { "a", "b" })
            Assert.Equal(expectedLog, File.ReadAllLines(temp.File($"{run}/log.jsonl")).Select(StripTiming));
        foreach (var t in sampled.Concat(expected))
            t.Dispose();
    }

    /// <summary>A log line without its timing fields (images/s, elapsed), which differ between runs.</summary>
    private static string StripTiming(string line) =>
        System.Text.RegularExpressions.Regex.Replace(line, "\"(images_per_s|elapsed_s)\":[0-9.]+,?", "");
}
