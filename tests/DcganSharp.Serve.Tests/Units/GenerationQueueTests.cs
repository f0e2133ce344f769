using DcganSharp.Generation;
using DcganSharp.Serve.Generation;
using DcganSharp.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Serve.Tests.Units;

/// <summary>The queue on its own: failures reach the caller, abandoned requests free their place, copies agree with the original.</summary>
public sealed class GenerationQueueTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("dcgan-queue-").FullName;
    readonly LoadedGenerator loaded;

    public GenerationQueueTests() => loaded = GeneratorLoader.Default.Load(TinyNetworks.SaveGenerator(folder), device: CPU);

    public void Dispose()
    {
        loaded.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_failure_inside_a_generation_reaches_the_caller_and_the_worker_carries_on()
    {
        using var queue = new GenerationQueue(loaded, workers: 1, queueLimit: 1);

        await Assert.ThrowsAsync<InvalidOperationException>(() => queue.RunAsync<int>(_ => throw new InvalidOperationException("boom")));

        Assert.Equal(16, await queue.RunAsync(s => s.Generator.Architecture.ImageSize));
        Assert.Equal(2, queue.Statistics.Completed);
    }

    [Fact]
    public async Task A_request_abandoned_while_waiting_gives_its_place_back_without_running()
    {
        using var gate = new SemaphoreSlim(0);
        using var queue = new GenerationQueue(loaded, workers: 1, queueLimit: 1, beforeEach: () => gate.Wait(Patience.Hang));
        var running = queue.RunAsync(_ => 1);
        using var cancel = new CancellationTokenSource();
        var ran = false;
        var waiting = queue.RunAsync(_ => ran = true, cancel.Token);
        await Assert.ThrowsAsync<QueueFullException>(() => queue.RunAsync(_ => 3));

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        gate.Release(2);
        Assert.Equal(1, await running);

        Assert.Equal(4, await queue.RunAsync(_ => 4));
        Assert.False(ran);
        Assert.Equal(0, queue.Statistics.Waiting);
    }

    [Fact]
    public async Task Every_worker_draws_the_same_images()
    {
        using var queue = new GenerationQueue(loaded, workers: 3, queueLimit: 30, beforeEach: () => Thread.Sleep(5));

        var grids = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => queue.RunAsync(s => GeneratorImages.Grid(s, 5, 8))));

        Assert.All(grids, g => Assert.Equal(grids[0], g));
        Assert.InRange(queue.Statistics.MaxRunning, 1, 3);
    }
}
