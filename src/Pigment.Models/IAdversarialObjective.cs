using Pigment.Core.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Models;

/// <summary>
/// An objective with a second network trained against the first: a GAN's discriminator (the critic) against its
/// generator (<see cref="ITrainingObjective.Model"/>). The shared trainer gives the critic its own optimizer and,
/// at every step, first descends <see cref="CriticLoss"/> and then the generator's
/// <see cref="ITrainingObjective.Loss"/> with the critic's weights frozen.
/// </summary>
public interface IAdversarialObjective : ITrainingObjective
{
    nn.Module Critic { get; }

    /// <summary>The critic's loss on real images of the batch against images of <paramref name="model"/> (which gets no gradient).</summary>
    Tensor CriticLoss(nn.Module model, Batch batch, Generator generator);
}
