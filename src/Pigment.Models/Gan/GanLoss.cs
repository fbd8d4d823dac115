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

    /// <summary>
    /// The non-saturating critic loss on a batch of reals and fakes, plus (when <paramref name="regularise"/>) the R1
    /// penalty scaled by <paramref name="every"/>, the lazy regularisation of StyleGAN2: the penalty of every
    /// <paramref name="every"/>-th step stands for all of them.
    /// </summary>
    public static Tensor CriticWithR1(Func<Tensor, Tensor> critic, Tensor reals, Tensor fake, double gamma, int every, bool regularise)
    {
        using var scope = torch.NewDisposeScope();
        if (regularise)
            reals = reals.detach().requires_grad_(true);
        var realLogits = critic(reals);
        var loss = Discriminator(GanLossKind.NonSaturating, realLogits, critic(fake));
        if (regularise)
            loss = loss.Plus(R1Penalty(realLogits, reals, gamma * every));
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The R1 penalty (Mescheder et al. 2018): (γ/2)·E‖∇ₓ d(x)‖² on real images, which keeps the discriminator flat on
    /// the data. <paramref name="reals"/> must require gradients and <paramref name="realLogits"/> be computed from
    /// them; the gradient is taken with a graph (and the logits' graph kept for the main loss), so the penalty can be descended.
    /// </summary>
    public static Tensor R1Penalty(Tensor realLogits, Tensor reals, double gamma)
    {
        using var scope = torch.NewDisposeScope();
        var gradients = torch.autograd.grad([realLogits.sum()], [reals], retain_graph: true, create_graph: true)[0];
        return gradients.square().sum([1, 2, 3]).mean().Mul(gamma / 2).MoveToOuterDisposeScope();
    }
}
