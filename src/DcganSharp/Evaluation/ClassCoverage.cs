namespace DcganSharp.Evaluation;

/// <summary>
/// How generated images spread over the data's classes, as the feature network classifies them:
/// a generator that has collapsed onto a few modes draws few classes, or very unevenly.
/// </summary>
/// <param name="Counts">Images per class, in class order.</param>
/// <param name="Covered">Classes with at least one image.</param>
/// <param name="EntropyBits">Entropy of the class shares in bits; log2(classes) when perfectly even.</param>
/// <param name="MaxShare">Share of the most frequent class.</param>
/// <param name="MinShare">Share of the least frequent class (0 when a class is missing).</param>
internal sealed record ClassCoverage(IReadOnlyList<string> ClassNames, IReadOnlyList<long> Counts, int Covered, double EntropyBits, double MaxShare, double MinShare)
{
    public double MaxEntropyBits => Math.Log2(ClassNames.Count);

    /// <summary>Coverage of predicted class indices.</summary>
    public static ClassCoverage Of(IReadOnlyList<string> classNames, ReadOnlySpan<long> predictions)
    {
        if (classNames.Count < 1)
            throw new ArgumentException("class coverage needs class names");
        var counts = new long[classNames.Count];
        foreach (var p in predictions)
        {
            if (p < 0 || p >= counts.Length)
                throw new ArgumentOutOfRangeException(nameof(predictions), $"class {p} is outside 0..{counts.Length - 1}");
            counts[p]++;
        }
        return FromCounts(classNames, counts);
    }

    /// <summary>Coverage of a histogram: images per class, in class order.</summary>
    public static ClassCoverage FromCounts(IReadOnlyList<string> classNames, IReadOnlyList<long> counts)
    {
        if (classNames.Count < 1 || counts.Count != classNames.Count)
            throw new ArgumentException($"class coverage needs one count per class, got {counts.Count} counts for {classNames.Count} classes");
        var total = Math.Max(1, counts.Sum());
        var shares = counts.Select(c => c / (double)total).ToArray();
        var entropy = -shares.Where(s => s > 0).Sum(s => s * Math.Log2(s));
        return new ClassCoverage(classNames, counts.ToArray(), counts.Count(c => c > 0), entropy, shares.Max(), shares.Min());
    }
}
