using DcganSharp.IO;
using System.Collections.Concurrent;
using System.Diagnostics;
using TorchSharp;

namespace DcganSharp.Data;

/// <summary>
/// Cuts an epoch of a dataset into shuffled batches. With <see cref="Workers"/> above zero,
/// batches are decoded on that many background threads, at most <see cref="Prefetch"/> ahead of
/// the consumer, so training does not wait for data when decoding keeps up; with zero they are
/// decoded on the consumer's thread. Either way the batches (order and content) depend only on
/// the seed and the epoch. Pixels are written straight into each batch tensor's memory.
/// </summary>
/// <remarks>
/// Images that cannot be read are left out of their batch and reported through
/// <see cref="UnreadableImage"/>, on the consumer's thread, in batch order; once an image has
/// failed it is not tried again in later epochs. A batch left with a single image is dropped,
/// because BatchNorm cannot train on one image. Stopping an epoch's enumeration early (break)
/// stops its workers and frees the batches they had prepared. With <see cref="PinMemory"/> each
/// batch is moved into page-locked memory by the thread that decoded it, as PyTorch's
/// <c>DataLoader(pin_memory=True)</c>, so the training thread only queues the copy to the GPU.
/// </remarks>
internal sealed class BatchLoader : IDisposable
{
    readonly IImageDataset dataset;
    readonly int seed;
    readonly ConcurrentDictionary<int, string> unreadable = new();
    readonly Lock gate = new();
    readonly HashSet<EpochPipeline> running = [];
    int runningWorkers;
    bool disposed;

    /// <param name="workers">Decoding threads; 0 decodes on the thread that enumerates.</param>
    /// <param name="prefetch">Most batches decoded ahead of the consumer; 0 picks 2 per worker.</param>
    /// <param name="pinMemory">Deliver batches in page-locked memory (needs CUDA), for copies to a GPU that do not block.</param>
    public BatchLoader(IImageDataset dataset, int batchSize, int seed, int workers = 0, int prefetch = 0, bool pinMemory = false)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (batchSize < 2)
            throw new ArgumentOutOfRangeException(nameof(batchSize), "BatchNorm needs batches of at least 2 images");
        ArgumentOutOfRangeException.ThrowIfNegative(workers);
        ArgumentOutOfRangeException.ThrowIfNegative(prefetch);
        this.dataset = dataset;
        BatchSize = batchSize;
        this.seed = seed;
        Workers = workers;
        Prefetch = workers == 0 ? 0 : prefetch == 0 ? 2 * workers : prefetch;
        // Page-locked memory comes from the CUDA driver; without it pin_memory would fail in every batch.
        if (pinMemory && !torch.cuda.is_available())
            throw new ArgumentException("pinned batches need a CUDA device; this libtorch has none", nameof(pinMemory));
        PinMemory = pinMemory;
    }

    /// <summary>Raised for every image left out of a batch; see <see cref="SkippedImage.FirstTime"/>.</summary>
    public event Action<SkippedImage>? UnreadableImage;

    public int BatchSize { get; }

    /// <summary>Background decoding threads per epoch (0: decode on the consumer's thread).</summary>
    public int Workers { get; }

    /// <summary>Most batches decoded (or being decoded) ahead of the consumer.</summary>
    public int Prefetch { get; }

    /// <summary>Whether batches are delivered in page-locked (pinned) memory.</summary>
    public bool PinMemory { get; }

    public LoaderStatistics Statistics { get; } = new();

    /// <summary>Worker threads alive right now, across all epochs being enumerated.</summary>
    public int RunningWorkers => Volatile.Read(ref runningWorkers);

    /// <summary>Batches per epoch.</summary>
    public int BatchesPerEpoch => dataset.Count / BatchSize + (dataset.Count % BatchSize >= 2 ? 1 : 0);

    /// <summary>The batches of <paramref name="epoch"/>, starting at batch <paramref name="firstBatch"/>. The consumer disposes each.</summary>
    public IEnumerable<Batch> Epoch(int epoch, int firstBatch = 0)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(firstBatch);
        return Workers == 0 ? Sequential(epoch, firstBatch) : Pipelined(epoch, firstBatch);
    }

    IEnumerable<Batch> Sequential(int epoch, int firstBatch)
    {
        var order = ShuffleOrder.ForEpoch(dataset.Count, seed, epoch);
        for (var number = firstBatch; number < BatchesPerEpoch; number++)
        {
            var clock = Stopwatch.StartNew();
            var built = Build(order, number, CancellationToken.None);
            if (Deliver(built, clock.Elapsed, number == firstBatch) is { } batch)
                yield return batch;
        }
    }

    IEnumerable<Batch> Pipelined(int epoch, int firstBatch)
    {
        var order = ShuffleOrder.ForEpoch(dataset.Count, seed, epoch);
        using var pipeline = new EpochPipeline(this, order, firstBatch, BatchesPerEpoch);
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            running.Add(pipeline);
        }
        try
        {
            pipeline.Start();
            for (var number = firstBatch; number < BatchesPerEpoch; number++)
            {
                var clock = Stopwatch.StartNew();
                var built = pipeline.Take(number);
                if (Deliver(built, clock.Elapsed, number == firstBatch) is { } batch)
                    yield return batch;
            }
        }
        finally
        {
            lock (gate)
                running.Remove(pipeline);
        }
    }

    /// <summary>Reports a built batch's skipped images, rethrows its failure, and returns its images.</summary>
    Batch? Deliver(BuiltBatch built, TimeSpan waited, bool firstOfEpoch)
    {
        Statistics.RecordDelivery(waited, firstOfEpoch, built.Skipped.Count);
        try
        {
            foreach (var (index, reason) in built.Skipped)
            {
                var firstTime = unreadable.TryAdd(index, reason);
                UnreadableImage?.Invoke(new SkippedImage(index, dataset.Describe(index), reason, firstTime));
            }
        }
        catch
        {
            built.Batch?.Dispose();
            throw;
        }
        built.Error?.Throw();
        return built.Batch;
    }

    /// <summary>Decodes batch <paramref name="number"/> of <paramref name="order"/> into a new tensor.</summary>
    internal BuiltBatch Build(int[] order, int number, CancellationToken stop)
    {
        var start = number * BatchSize;
        var count = Math.Min(BatchSize, order.Length - start);
        var length = dataset.Channels * dataset.ImageSize * dataset.ImageSize;
        var kept = new List<int>(count);
        var skipped = new List<(int, string)>();
        var images = torch.empty([count, dataset.Channels, dataset.ImageSize, dataset.ImageSize], torch.float32);
        try
        {
            var memory = TensorMemory.Floats(images);
            for (var i = 0; i < count; i++)
            {
                if (stop.IsCancellationRequested)
                {
                    images.Dispose();
                    return BuiltBatch.Abandoned;
                }
                var index = order[start + i];
                if (unreadable.TryGetValue(index, out var known))
                    skipped.Add((index, known));
                else if (dataset.TryRead(index, memory.Slice(kept.Count * length, length), out var problem))
                    kept.Add(index);
                else
                    skipped.Add((index, problem));
            }
        }
        catch
        {
            images.Dispose();
            throw;
        }

        if (kept.Count < 2)
        {
            images.Dispose();
            return new BuiltBatch(null, skipped);
        }
        if (kept.Count < count)
        {
            // The kept images were packed at the front; a view of them keeps the storage alive.
            var front = images.narrow(0, 0, kept.Count);
            images.Dispose();
            images = front;
        }
        if (PinMemory)
        {
            // Here on the worker, so the copy into page-locked memory is off the training thread.
            using var unpinned = images;
            images = unpinned.pin_memory();
        }
        return new BuiltBatch(new Batch(images, kept.ToArray()), skipped);
    }

    internal void WorkerStarted() => Interlocked.Increment(ref runningWorkers);

    internal void WorkerStopped() => Interlocked.Decrement(ref runningWorkers);

    /// <summary>Stops the workers of any epoch still being enumerated.</summary>
    public void Dispose()
    {
        List<EpochPipeline> live;
        lock (gate)
        {
            disposed = true;
            live = [.. running];
        }
        foreach (var pipeline in live)
            pipeline.Dispose();
    }
}
