using System.Diagnostics;

namespace DcganSharp.Evaluation;

/// <summary>Computes every metric of a <see cref="QualityResult"/> from generated features and a real reference.</summary>
internal static class QualityMetrics
{
    /// <param name="classNames">The feature network's classes; empty when it predicts none.</param>
    /// <param name="started">When the measurement began, for <see cref="QualityResult.Seconds"/>; now when null.</param>
    public static QualityResult Measure(RealReference real, FeatureSet fake, IReadOnlyList<string> classNames, QualityOptions? options = null, Stopwatch? started = null)
    {
        options ??= new QualityOptions();
        var clock = started ?? Stopwatch.StartNew();
        if (fake.Count < 2)
            throw DcganException.Usage($"quality metrics need at least 2 generated samples, got {fake.Count}");

        using var statistics = FeatureStatistics.Of(fake.Features);
        var fid = FrechetDistance.Compute(real.Statistics, statistics);
        var kid = KernelInceptionDistance.Compute(real.Features, fake.Features, options.KidSubsets, options.KidSubsetSize, options.Seed);

        // The paper compares equally sized sets: the kept real features are already in random order.
        var size = (int)Math.Min(real.Features.shape[0], fake.Count);
        var (precision, recall) = (double.NaN, double.NaN);
        if (size > options.NeighbourK)
        {
            using var realRows = real.Features.narrow(0, 0, size);
            using var fakeRows = fake.Features.narrow(0, 0, size);
            (precision, recall) = PrecisionRecall.Compute(realRows, fakeRows, options.NeighbourK);
        }

        ClassCoverage? coverage = null, realCoverage = null;
        if (classNames.Count > 0 && fake.Classes is { } classes)
        {
            coverage = ClassCoverage.Of(classNames, classes);
            if (real.ClassCounts is { } counts)
                realCoverage = ClassCoverage.FromCounts(classNames, counts);
        }
        return new QualityResult(fake.Count, fid, kid, precision, recall, coverage, realCoverage, clock.Elapsed.TotalSeconds);
    }
}
