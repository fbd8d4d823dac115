using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Evaluation;

/// <summary>
/// Improved precision and recall (Kynkäänniemi et al. 2019). Each feature set's manifold is the union of balls
/// around its points, each ball's radius the distance to the point's k-th nearest neighbour in its own set.
/// Precision = the fraction of generated points inside the real manifold (fidelity); recall = the fraction of
/// real points inside the generated manifold (coverage).
/// </summary>
public static class PrecisionRecall
{
    public static (double Precision, double Recall) Compute(Tensor real, Tensor generated, int k = 3)
    {
        using var scope = torch.NewDisposeScope();
        var r = real.to_type(ScalarType.Float32).cpu();
        var g = generated.to_type(ScalarType.Float32).cpu();
        var realRadii = KthNeighbourDistance(r, k);
        var generatedRadii = KthNeighbourDistance(g, k);
        double precision = Coverage(g, r, realRadii);
        double recall = Coverage(r, g, generatedRadii);
        return (precision, recall);
    }

    /// <summary>The distance from each point to its k-th nearest other point of the same set.</summary>
    public static Tensor KthNeighbourDistance(Tensor points, int k)
    {
        if (points.shape[0] <= k)
            throw new ArgumentException($"Precision and recall with k = {k} need more than {k} points.");
        var distances = torch.cdist(points, points);                 // (N, N), 0 on the diagonal
        var (values, _) = distances.topk(k + 1, dim: 1, largest: false);
        return values[.., k];                                          // index 0 is the point itself
    }

    /// <summary>The fraction of <paramref name="queries"/> within radius_i of some manifold point i.</summary>
    private static double Coverage(Tensor queries, Tensor manifold, Tensor radii)
    {
        long inside = 0;
        for (long start = 0; start < queries.shape[0]; start += 1024)
        {
            using var scope = torch.NewDisposeScope();
            var chunk = queries[TensorIndex.Slice(start, Math.Min(start + 1024, queries.shape[0]))];
            var distances = torch.cdist(chunk, manifold);              // (n, M)
            inside += (distances <= radii.unsqueeze(0)).any(1).sum().item<long>();
        }
        return inside / (double)queries.shape[0];
    }
}
