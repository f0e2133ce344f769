using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Evaluation;

/// <summary>
/// Improved precision and recall (Kynkäänniemi et al. 2019). Each set's manifold is approximated by
/// balls around its feature vectors, each ball reaching the k-th nearest neighbour in the same set.
/// Precision is the share of generated samples inside the real manifold (how many look real);
/// recall is the share of real samples inside the generated manifold (how much of the data the
/// generator covers).
/// </summary>
internal static class PrecisionRecall
{
    public const int DefaultK = 3;

    // Rows of distances computed at once: bounds memory at RowChunk x N float64 values.
    const int RowChunk = 1024;

    public static (double Precision, double Recall) Compute(Tensor real, Tensor fake, int k = DefaultK)
    {
        if (real.dim() != 2 || fake.dim() != 2 || real.shape[1] != fake.shape[1])
            throw new ArgumentException($"expected two [N, d] feature sets of the same d, got [{string.Join(", ", real.shape)}] and [{string.Join(", ", fake.shape)}]");
        if (k < 1 || real.shape[0] <= k || fake.shape[0] <= k)
            throw new ArgumentException($"precision/recall with k = {k} needs more than {k} real and generated samples");
        using var scope = NewDisposeScope();
        var r = real.to(float64, CPU);
        var f = fake.to(float64, CPU);
        var realRadii = NeighbourRadii(r, k);
        var fakeRadii = NeighbourRadii(f, k);
        return (ShareInside(f, r, realRadii), ShareInside(r, f, fakeRadii));
    }

    /// <summary>Distance from each point to its k-th nearest other point of the same set.</summary>
    public static Tensor NeighbourRadii(Tensor points, int k)
    {
        using var scope = NewDisposeScope();
        var parts = new List<Tensor>();
        for (long start = 0; start < points.shape[0]; start += RowChunk)
        {
            var rows = points.narrow(0, start, Math.Min(RowChunk, points.shape[0] - start));
            // k + 1 smallest: the point itself (distance 0) comes first.
            var (nearest, _) = cdist(rows, points).topk(k + 1, dim: 1, largest: false, sorted: true);
            parts.Add(nearest.select(1, k));
        }
        return cat(parts, 0).MoveToOuterDisposeScope();
    }

    /// <summary>Share of <paramref name="queries"/> within radius[j] of some manifold point j.</summary>
    static double ShareInside(Tensor queries, Tensor manifold, Tensor radii)
    {
        long inside = 0;
        for (long start = 0; start < queries.shape[0]; start += RowChunk)
        {
            using var scope = NewDisposeScope();
            var rows = queries.narrow(0, start, Math.Min(RowChunk, queries.shape[0] - start));
            inside += cdist(rows, manifold).le(radii.unsqueeze(0)).any(1).sum().item<long>();
        }
        return inside / (double)queries.shape[0];
    }
}
