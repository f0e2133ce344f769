using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Evaluation;

/// <summary>
/// What generated samples are compared with: the mean and covariance of the features of every
/// real image, a fixed random sample of the features themselves (for KID and precision/recall,
/// which need vectors, not moments) and the class counts the classifier finds in the real data.
/// </summary>
internal sealed class RealReference(FeatureStatistics statistics, Tensor features, long[]? classCounts, string description) : IDisposable
{
    /// <summary>Feature vectors kept for KID and precision/recall: enough for 10,000-sample evaluations.</summary>
    public const int MaxKeptFeatures = 10_000;

    public FeatureStatistics Statistics { get; } = statistics;

    /// <summary>[min(N, <see cref="MaxKeptFeatures"/>), d] float32: a seeded random sample of the real features.</summary>
    public Tensor Features { get; } = features;

    /// <summary>Real images per predicted class, or null when the feature network is not a classifier.</summary>
    public long[]? ClassCounts { get; } = classCounts;

    public string Description { get; } = description;

    public long Count => Statistics.Count;

    /// <summary>The reference for a complete real feature set.</summary>
    public static RealReference Of(FeatureSet real, int classCount, string description, long seed = 0)
    {
        var statistics = FeatureStatistics.Of(real.Features);
        using var random = new torch.Generator(unchecked((ulong)seed), CPU);
        using var order = randperm(real.Count, generator: random);
        using var kept = order.narrow(0, 0, Math.Min(real.Count, MaxKeptFeatures));
        var features = real.Features.index_select(0, kept);
        long[]? counts = null;
        if (real.Classes is { } classes && classCount > 0)
        {
            counts = new long[classCount];
            foreach (var c in classes)
                counts[c]++;
        }
        return new RealReference(statistics, features, counts, description);
    }

    public void Dispose()
    {
        Statistics.Dispose();
        Features.Dispose();
    }
}
