using Pigment.Core.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Models;

/// <summary>
/// What a model family gives the shared trainer: the module to optimise, a way to make another of the same
/// architecture (for EMA weights), and its loss on a batch. Everything random in the loss draws from
/// <paramref name="generator"/> of <see cref="Loss"/> so a step is a function of (seed, step).
/// </summary>
public interface ITrainingObjective
{
    /// <summary>The family's short name, e.g. "ddpm".</summary>
    string Family { get; }

    nn.Module Model { get; }

    nn.Module CreateModel();

    /// <summary>The scalar loss of <paramref name="model"/> on a batch (images in [−1, 1]).</summary>
    Tensor Loss(nn.Module model, Batch batch, Generator generator);
}
