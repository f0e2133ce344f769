namespace DcganSharp.Data;

/// <summary>
/// What a <see cref="BatchLoader"/> measured, for tuning --workers and for tests: how long the
/// consumer waited for batches, and how far ahead of it the workers ran. Thread-safe.
/// </summary>
internal sealed class LoaderStatistics
{
    readonly Lock gate = new();
    long batches;
    TimeSpan waited;
    TimeSpan startupWaited;
    int maxPending;
    long skipped;

    /// <summary>Batches handed to the consumer so far.</summary>
    public long BatchesDelivered
    {
        get
        {
            lock (gate)
                return batches;
        }
    }

    /// <summary>
    /// Time the consumer spent waiting for a batch that was not ready yet, not counting the
    /// first batch of each epoch (which always waits while the pipeline fills; see
    /// <see cref="StartupWaited"/>). Near zero when decoding keeps up with training.
    /// </summary>
    public TimeSpan Waited
    {
        get
        {
            lock (gate)
                return waited;
        }
    }

    /// <summary>Time spent waiting for the first batch of each epoch.</summary>
    public TimeSpan StartupWaited
    {
        get
        {
            lock (gate)
                return startupWaited;
        }
    }

    /// <summary>
    /// The most batches ever decoded or being decoded but not yet taken by the consumer; never
    /// more than <see cref="BatchLoader.Prefetch"/>.
    /// </summary>
    public int MaxPending
    {
        get
        {
            lock (gate)
                return maxPending;
        }
    }

    /// <summary>Images left out because they could not be read, every epoch counted.</summary>
    public long SkippedImages
    {
        get
        {
            lock (gate)
                return skipped;
        }
    }

    internal void RecordDelivery(TimeSpan wait, bool firstOfEpoch, int skippedImages)
    {
        lock (gate)
        {
            batches++;
            skipped += skippedImages;
            if (firstOfEpoch)
                startupWaited += wait;
            else
                waited += wait;
        }
    }

    internal void RecordPending(int pending)
    {
        lock (gate)
            maxPending = Math.Max(maxPending, pending);
    }
}
