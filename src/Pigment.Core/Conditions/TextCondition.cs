using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Core.Conditions;

/// <summary>
/// Prompts as a frozen text encoder sees them, one per batch item: per-token states (B, L, D) for cross-attention,
/// the token mask (B, L) and the pooled embedding (B, E). Its unconditional form is the empty prompt's encoding
/// (<paramref name="Empty"/>, one item), which a model trained with caption dropout knows as "anything"; a negative
/// prompt takes its place in guidance. The tensors belong to whoever encoded the prompts.
/// </summary>
public sealed record TextCondition(IReadOnlyList<string> Prompts, Tensor States, Tensor Mask, Tensor Pooled, TextCondition? Empty) : Conditioning
{
    public override int Count => Prompts.Count;

    public override Conditioning Unconditional()
    {
        var empty = Empty ?? throw new InvalidOperationException("This text condition has no empty-prompt encoding.");
        long n = Count;
        return new TextCondition(Enumerable.Repeat("", Count).ToArray(),
            empty.States.expand(n, -1, -1), empty.Mask.expand(n, -1), empty.Pooled.expand(n, -1), empty);
    }

    public override Conditioning Concat(Conditioning other) => other is TextCondition t
        ? this with
        {
            Prompts = Prompts.Concat(t.Prompts).ToArray(),
            States = torch.cat([States, t.States]),
            Mask = torch.cat([Mask, t.Mask]),
            Pooled = torch.cat([Pooled, t.Pooled]),
        }
        : throw new ArgumentException($"Cannot batch prompts with {other.GetType().Name}.");

    public override Conditioning Slice(int start, int count) => this with
    {
        Prompts = Prompts.Skip(start).Take(count).ToArray(),
        States = States.narrow(0, start, count),
        Mask = Mask.narrow(0, start, count),
        Pooled = Pooled.narrow(0, start, count),
    };
}
