using Pigment.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Models.Gan;

/// <summary>The adversarial objectives a GAN can be trained with.</summary>
public enum GanLossKind
{
    /// <summary>Goodfellow et al. 2014's practical fix: the generator maximises log D(G(z)).</summary>
    NonSaturating,

    /// <summary>The original minimax game: the generator minimises log(1 − D(G(z))).</summary>
    Minimax,

    /// <summary>Hinge loss (Lim &amp; Ye 2017; Miyato et al. 2018).</summary>
    Hinge,
}

/// <summary>
/// GAN losses on discriminator logits d (D = sigmoid(d) for the log-likelihood forms), averaged over the batch.
/// With softplus(a) = log(1 + eᵃ): −log D = softplus(−d) and −log(1 − D) = softplus(d).
/// </summary>
public static class GanLoss
{
    /// <summary>
    /// Discriminator: −[log D(x) + log(1 − D(G(z)))] = softplus(−d_real) + softplus(d_fake) (minimax and
    /// non-saturating share it); hinge: max(0, 1 − d_real) + max(0, 1 + d_fake).
    /// </summary>
    public static Tensor Discriminator(GanLossKind kind, Tensor realLogits, Tensor fakeLogits)
    {
        using var scope = torch.NewDisposeScope();
        var loss = kind == GanLossKind.Hinge
            ? nn.functional.relu(realLogits.RSub(1)).mean().Plus(nn.functional.relu(fakeLogits.Add(1)).mean())
            : nn.functional.softplus(-realLogits).mean().Plus(nn.functional.softplus(fakeLogits).mean());
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Generator: non-saturating −log D(G(z)) = softplus(−d_fake); minimax log(1 − D(G(z))) = −softplus(d_fake);
    /// hinge −d_fake.
    /// </summary>
    public static Tensor Generator(GanLossKind kind, Tensor fakeLogits)
    {
        using var scope = torch.NewDisposeScope();
        var loss = kind switch
        {
            GanLossKind.NonSaturating => nn.functional.softplus(-fakeLogits).mean(),
            GanLossKind.Minimax => -nn.functional.softplus(fakeLogits).mean(),
            _ => -fakeLogits.mean(),
        };
        return loss.MoveToOuterDisposeScope();
    }
}
