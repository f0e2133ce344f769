namespace DcganSharp.Data;

/// <summary>
/// The worker threads behind one epoch of a <see cref="BatchLoader"/>. Workers claim batch
/// numbers in order and build whole batches; the consumer takes them back in order, so the
/// result does not depend on which worker built what. A worker may only start a batch while
/// fewer than <see cref="BatchLoader.Prefetch"/> batches are started but not yet taken, which
/// bounds memory by the queue, not the dataset. Disposing stops the workers between images,
/// waits for them, and frees the batches nobody took.
/// </summary>
internal sealed class EpochPipeline : IDisposable
{
    readonly BatchLoader loader;
    readonly int[] order;
    readonly int end;
    // Monitor.Wait/PulseAll need a plain object; System.Threading.Lock has no condition variable.
    readonly object gate = new();
    readonly Dictionary<int, BuiltBatch> ready = [];
    readonly CancellationTokenSource stop = new();
    readonly Thread[] threads;
    int nextToStart;
    int nextToTake;
    bool stopping;
    bool disposed;

    public EpochPipeline(BatchLoader loader, int[] order, int firstBatch, int end)
    {
        this.loader = loader;
        this.order = order;
        this.end = end;
        nextToStart = nextToTake = firstBatch;
        threads = new Thread[loader.Workers];
        for (var i = 0; i < threads.Length; i++)
            threads[i] = new Thread(Work) { IsBackground = true, Name = $"dcgan data {i + 1}" };
    }

    public void Start()
    {
        foreach (var thread in threads)
            thread.Start();
    }

    /// <summary>Waits for batch <paramref name="number"/> and hands it over.</summary>
    public BuiltBatch Take(int number)
    {
        lock (gate)
        {
            BuiltBatch? built;
            while (!ready.Remove(number, out built))
            {
                ObjectDisposedException.ThrowIf(stopping, typeof(BatchLoader));
                Monitor.Wait(gate);
            }
            nextToTake = number + 1;
            Monitor.PulseAll(gate);
            return built;
        }
    }

    void Work()
    {
        loader.WorkerStarted();
        try
        {
            while (true)
            {
                int number;
                lock (gate)
                {
                    while (!stopping && nextToStart < end && nextToStart - nextToTake >= loader.Prefetch)
                        Monitor.Wait(gate);
                    if (stopping || nextToStart >= end)
                        return;
                    number = nextToStart++;
                    loader.Statistics.RecordPending(nextToStart - nextToTake);
                }

                BuiltBatch built;
                try
                {
                    built = loader.Build(order, number, stop.Token);
                }
                catch (Exception e)
                {
                    built = BuiltBatch.Failed(e);
                }

                lock (gate)
                {
                    if (stopping)
                    {
                        built.Batch?.Dispose();
                        return;
                    }
                    ready[number] = built;
                    Monitor.PulseAll(gate);
                }
            }
        }
        finally
        {
            loader.WorkerStopped();
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            if (disposed)
                return;
            disposed = true;
            stopping = true;
            Monitor.PulseAll(gate);
        }
        stop.Cancel();
        foreach (var thread in threads)
        {
            if ((thread.ThreadState & ThreadState.Unstarted) == 0 && thread != Thread.CurrentThread)
                thread.Join();
        }
        lock (gate)
        {
            foreach (var built in ready.Values)
                built.Batch?.Dispose();
            ready.Clear();
        }
        stop.Dispose();
    }
}
