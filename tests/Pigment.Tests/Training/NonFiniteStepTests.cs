using Pigment.Core;
using Pigment.Core.Data;
using Pigment.Core.NativeMath;
using Pigment.Models;
using Pigment.Tests.Diffusion;
using Pigment.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Tests.Training;

/// <summary>
/// The trainer's message when a step goes non-finite: which tensor, and whether the math library is to blame (the
/// step replayed with one thread and padded convolutions is finite) or not. A "faulty library" is simulated by a loss
/// that is NaN only when libtorch runs on more than one thread, as the Zen 5 faults were in practice.
/// </summary>
public class NonFiniteStepTests
{
    private sealed class Objective(Func<bool> poisoned, bool poisonGradientOnly) : ITrainingObjective
    {
        public string Family => "test";

        public nn.Module Model { get; } = CreateLinear();

        public nn.Module CreateModel() => CreateLinear();

        private static nn.Module CreateLinear()
        {
            torch.manual_seed(2);
            return nn.Sequential(("body", nn.Linear(64, 8)), ("head", nn.Linear(8, 1)));
        }

        public Tensor Loss(nn.Module model, Batch batch, Generator generator)
        {
            var y = ((nn.Module<Tensor, Tensor>)model).call(batch.Images.reshape(batch.Images.shape[0], -1));
            var loss = y.square().mean();
            if (!poisoned())
                return loss;
            if (poisonGradientOnly)
                return loss.Plus((y - y.detach()).abs().sqrt().sum());     // value √0 = 0; gradient 1/(2√0) · sign(0) = ∞ · 0 = NaN
            using var nan = torch.tensor(float.NaN);
            return loss.Plus(nan);
        }
    }

    private static string Train(Objective objective)
    {
        using var temp = new TempFolder();
        var options = new TrainerOptions { Steps = 3, BatchSize = 4, LearningRate = 1e-3, WarmupSteps = 1, CheckpointEvery = 100, SampleEvery = 0, LogEvery = 1, Seed = 1, EmaDecay = 0 };
        var trainer = new Trainer(objective, new TinyDataset(), options, new RunFolder(temp.Path));
        using var threads = Threads.Use(2);
        var error = Assert.Throws<PigmentException>(() => trainer.Run(resume: false, CancellationToken.None));
        return error.Message;
    }

    [Fact]
    public void AFaultThatOneThreadAvoidsIsBlamedOnTheMathLibrary()
    {
        var message = Train(new Objective(() => torch.get_num_threads() > 1, poisonGradientOnly: false));
        Assert.Contains("step 0", message);
        Assert.Contains("forward pass went non-finite", message);
        Assert.Contains("math library (libtorch's CPU kernels) is at fault, not the learning rate", message);
    }

    [Fact]
    public void ANonFiniteGradientIsNamedWithItsParameter()
    {
        var message = Train(new Objective(() => torch.get_num_threads() > 1, poisonGradientOnly: true));
        Assert.Contains("backward pass went non-finite: the gradient of 'head.bias'", message);
        Assert.Contains("is at fault", message);
    }

    [Fact]
    public void AFaultOnEveryThreadCountIsNotBlamedOnTheLibrary()
    {
        var message = Train(new Objective(() => true, poisonGradientOnly: false));
        Assert.Contains("not to blame: lower the learning rate", message);
    }

    [Fact]
    public void AWeightThatWasAlreadyNonFiniteIsNamed()
    {
        var objective = new Objective(() => false, poisonGradientOnly: false);
        using (torch.no_grad())
        using (var infinity = torch.tensor(float.PositiveInfinity))
        using (var first = objective.Model.named_parameters().First(p => p.name == "body.weight").parameter.view(-1)[0])
            first.copy_(infinity);
        var message = Train(objective);
        Assert.Contains("the weight 'body.weight' was already non-finite", message);
    }
}
