using System.Collections.Concurrent;
using DcganSharp.Generation;
using DcganSharp.Models;
using TorchSharp;

namespace DcganSharp.Serve.Generation;

/// <summary>
/// The only way requests reach the generator. At most <see cref="Workers"/> generations run at
/// once, each on a dedicated thread that owns its own copy of the network (a TorchSharp module
/// must not run on two threads at once, and blocking CPU work stays off ASP.NET's thread pool);
/// at most <see cref="QueueLimit"/> more requests wait, and any beyond that are refused at once
/// with <see cref="QueueFullException"/> rather than left hanging.
/// </summary>
internal sealed class GenerationQueue : IDisposable
{
    readonly BlockingCollection<GenerationJob> jobs = new(new ConcurrentQueue<GenerationJob>());
    readonly Thread[] threads;
    readonly List<DcganGenerator> copies = [];
    readonly Action? beforeEach;
    int admitted;
    int running;
    int maxRunning;
    long completed;
    long refused;

    /// <param name="loaded">The generator; the first worker uses it, the others copies of its weights.</param>
    /// <param name="beforeEach">Runs on the worker before each job (a test hook).</param>
    public GenerationQueue(LoadedGenerator loaded, int workers, int queueLimit, Action? beforeEach = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(queueLimit);
        (Workers, QueueLimit, this.beforeEach) = (workers, queueLimit, beforeEach);
        try
        {
            var samplers = new ImageSampler[workers];
            for (var i = 0; i < workers; i++)
            {
                var generator = i == 0 ? loaded.Generator : Copy(loaded);
                if (i > 0)
                    copies.Add(generator);
                // Eval-mode BatchNorm: an image depends only on its own code, so image i of a seed
                // is the same whatever else is in the request (and as `dcgan sample` draws it).
                samplers[i] = new ImageSampler(generator, loaded.Device, batchStatistics: false);
            }
            threads = new Thread[workers];
            for (var i = 0; i < workers; i++)
            {
                var sampler = samplers[i];
                threads[i] = new Thread(() => Work(sampler)) { IsBackground = true, Name = $"dcgan-generate-{i}" };
                threads[i].Start();
            }
        }
        catch
        {
            foreach (var copy in copies)
                copy.Dispose();
            throw;
        }
    }

    public int Workers { get; }

    public int QueueLimit { get; }

    public QueueStatistics Statistics
    {
        get
        {
            var (now, accepted) = (Volatile.Read(ref running), Volatile.Read(ref admitted));
            return new(now, Math.Max(0, accepted - now), Volatile.Read(ref maxRunning), Interlocked.Read(ref completed), Interlocked.Read(ref refused));
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a free worker's generator, waiting for one if needed.
    /// Throws <see cref="QueueFullException"/> when all workers are busy and <see cref="QueueLimit"/> requests already wait.
    /// </summary>
    public Task<T> RunAsync<T>(Func<ImageSampler, T> work, CancellationToken cancellation = default)
    {
        if (!TryAdmit())
        {
            Interlocked.Increment(ref refused);
            throw new QueueFullException($"the server is busy: {Workers} generation(s) running and {QueueLimit} waiting; try again shortly");
        }
        var job = new GenerationJob<T>(work, cancellation);
        try
        {
            jobs.Add(job);
        }
        catch (InvalidOperationException)
        {
            // Adding was completed: the server is stopping.
            Interlocked.Decrement(ref admitted);
            throw new QueueFullException("the server is stopping");
        }
        return job.Task.WaitAsync(cancellation);
    }

    bool TryAdmit()
    {
        var capacity = Workers + QueueLimit;
        while (true)
        {
            var now = Volatile.Read(ref admitted);
            if (now >= capacity)
                return false;
            if (Interlocked.CompareExchange(ref admitted, now + 1, now) == now)
                return true;
        }
    }

    void Work(ImageSampler sampler)
    {
        using var owned = sampler; // this worker's folded generator goes with it
        foreach (var job in jobs.GetConsumingEnumerable())
        {
            if (job.Cancellation.IsCancellationRequested)
            {
                Interlocked.Decrement(ref admitted);
                job.Abandon();
                continue;
            }
            var now = Interlocked.Increment(ref running);
            for (var seen = Volatile.Read(ref maxRunning); now > seen; seen = Volatile.Read(ref maxRunning))
            {
                if (Interlocked.CompareExchange(ref maxRunning, now, seen) == seen)
                    break;
            }
            job.Execute(sampler, beforeEach);
            // Free the slot before the caller hears back, so a client that sends its next request
            // straight away never finds its own finished request still counted.
            Interlocked.Decrement(ref running);
            Interlocked.Increment(ref completed);
            Interlocked.Decrement(ref admitted);
            job.Publish();
        }
    }

    static DcganGenerator Copy(LoadedGenerator loaded)
    {
        var copy = new DcganGenerator(loaded.Architecture);
        try
        {
            copy.to(loaded.Device);
            using var noGrad = torch.no_grad();
            var source = loaded.Generator.state_dict();
            foreach (var (name, tensor) in copy.state_dict())
                tensor.copy_(source[name]);
            return copy;
        }
        catch
        {
            copy.Dispose();
            throw;
        }
    }

    /// <summary>Stops taking work, lets the workers finish what was accepted, and frees the copies.</summary>
    public void Dispose()
    {
        if (jobs.IsAddingCompleted)
            return;
        jobs.CompleteAdding();
        var stopped = threads.All(t => t.Join(TimeSpan.FromSeconds(30)));
        // A worker still inside a generation keeps its network; the process is ending anyway.
        if (stopped)
        {
            foreach (var copy in copies)
                copy.Dispose();
            jobs.Dispose();
        }
    }
}
