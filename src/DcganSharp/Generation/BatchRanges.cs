namespace DcganSharp.Generation;

/// <summary>Splits N items into consecutive batches of at most batchSize, optionally never leaving a last batch of one.</summary>
internal static class BatchRanges
{
    /// <param name="noSingletons">
    /// For train-mode BatchNorm, which cannot normalise a batch of one: a last batch of one is
    /// folded into the batch before it, which then holds batchSize + 1 items.
    /// </param>
    public static IEnumerable<(long Start, int Length)> Split(long count, int batchSize, bool noSingletons = false)
    {
        if (batchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(batchSize), "batch size must be at least 1");
        for (long start = 0; start < count;)
        {
            var length = (int)Math.Min(batchSize, count - start);
            if (noSingletons && count - start - length == 1)
                length++;
            yield return (start, length);
            start += length;
        }
    }
}
