using System.Diagnostics;
using DcganSharp.Data;
using DcganSharp.IO;
using DcganSharp.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Data;

public sealed class BatchLoaderTests
{
    static List<(int[] Indices, float[] Pixels)> Collect(BatchLoader loader, int epoch, int firstBatch = 0)
    {
        var batches = new List<(int[], float[])>();
        foreach (var batch in loader.Epoch(epoch, firstBatch))
        {
            using (batch)
                batches.Add((batch.Indices, batch.Images.data<float>().ToArray()));
        }
        return batches;
    }

    /// <summary>Waits for progress made on other threads; fails only when it never comes.</summary>
    static void WaitUntil(Func<bool> condition, Func<string> what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Patience.Hang, $"waited {clock.Elapsed} for {what()}");
            Thread.Sleep(1);
        }
    }

    [Fact]
    public void Same_seed_gives_the_same_batches_with_0_1_and_4_workers()
    {
        var dataset = new ScriptedDataset(53) { Unreadable = i => i % 7 == 3 };
        List<(int[] Indices, float[] Pixels)>[] Run(int workers)
        {
            using var loader = new BatchLoader(dataset, batchSize: 8, seed: 5, workers);
            return [Collect(loader, 0), Collect(loader, 1)];
        }

        var reference = Run(0);
        Assert.NotEqual(reference[0].Select(b => b.Indices[0]), reference[1].Select(b => b.Indices[0]));
        foreach (var workers in new[] { 1, 4 })
        {
            var other = Run(workers);
            for (var epoch = 0; epoch < 2; epoch++)
            {
                Assert.Equal(reference[epoch].Count, other[epoch].Count);
                for (var b = 0; b < reference[epoch].Count; b++)
                {
                    Assert.Equal(reference[epoch][b].Indices, other[epoch][b].Indices);
                    Assert.Equal(reference[epoch][b].Pixels, other[epoch][b].Pixels);
                }
            }
        }
        Assert.All(reference[0], b => Assert.DoesNotContain(b.Indices, i => i % 7 == 3));
    }

    [Fact]
    public void Pinned_batches_hold_the_same_images_and_need_cuda()
    {
        var dataset = new ScriptedDataset(21);
        if (!cuda.is_available())
        {
            // The CPU libtorch (CI) cannot pin: the loader says so once, not in every batch.
            var error = Assert.Throws<ArgumentException>(() => new BatchLoader(dataset, batchSize: 4, seed: 3, workers: 2, pinMemory: true));
            Assert.Contains("CUDA", error.Message);
            return;
        }
        using var plain = new BatchLoader(dataset, batchSize: 4, seed: 3, workers: 2);
        using var pinned = new BatchLoader(dataset, batchSize: 4, seed: 3, workers: 2, pinMemory: true);
        foreach (var batch in pinned.Epoch(0))
        {
            using (batch)
                Assert.True(batch.Images.is_pinned());
        }
        Assert.Equal(Collect(plain, 0).SelectMany(b => b.Pixels), Collect(pinned, 0).SelectMany(b => b.Pixels));
    }

    [Fact]
    public void Resuming_mid_epoch_gives_the_rest_of_the_same_epoch()
    {
        var dataset = new ScriptedDataset(40);
        using var loader = new BatchLoader(dataset, batchSize: 6, seed: 9, workers: 2);
        var full = Collect(loader, 3);
        var rest = Collect(loader, 3, firstBatch: 4);
        Assert.Equal(full.Skip(4).Select(b => b.Indices), rest.Select(b => b.Indices));
    }

    [Fact]
    public void Workers_never_run_more_than_the_prefetch_bound_ahead_of_a_slow_consumer()
    {
        const int batchSize = 4;
        const int prefetch = 3;
        const int batches = 30;
        var dataset = new ScriptedDataset(batches * batchSize);
        using var loader = new BatchLoader(dataset, batchSize, seed: 1, workers: 4, prefetch: prefetch);
        var consumed = 0;
        var worstAhead = 0;
        // Images read so far, in whole batches, minus those the consumer has taken.
        int Ahead() => (dataset.Reads + batchSize - 1) / batchSize - consumed;
        foreach (var batch in loader.Epoch(0))
        {
            using (batch)
            {
                consumed++;
                // The slowest consumer there is: it holds each batch until the workers have filled
                // the queue, waiting on their progress rather than a clock (on a busy machine they
                // may get no time at all for a while) ...
                var full = Math.Min(prefetch, batches - consumed);
                WaitUntil(() => Ahead() >= full, () => $"the workers to run {full} batch(es) ahead after {consumed} taken ({Ahead()} so far)");
                // ... and a little longer, so that a worker overrunning the bound has time to show it.
                Thread.Sleep(15);
                worstAhead = Math.Max(worstAhead, Ahead());
            }
        }
        Assert.Equal(batches, consumed);
        Assert.InRange(worstAhead, 1, prefetch);
        Assert.Equal(prefetch, loader.Statistics.MaxPending);
    }

    [Fact]
    public async Task Breaking_out_of_an_epoch_stops_the_workers_at_once()
    {
        var dataset = new ScriptedDataset(400) { Delay = TimeSpan.FromMilliseconds(2) };
        using var loader = new BatchLoader(dataset, batchSize: 4, seed: 1, workers: 4);
        // On another thread only so that a break that never returns fails the test (TimeoutException)
        // instead of hanging the suite.
        await Task.Run(() =>
        {
            var taken = 0;
            foreach (var batch in loader.Epoch(0))
            {
                batch.Dispose();
                if (++taken == 2)
                    break;
            }
        }).WaitAsync(Patience.Hang);
        // At once: when the break returns no worker is left, none reads another image, and they
        // did not go on through the epoch.
        Assert.Equal(0, loader.RunningWorkers);
        var reads = dataset.Reads;
        await Task.Delay(50);
        Assert.Equal(reads, dataset.Reads);
        Assert.True(reads < 100, $"{reads} images read for 2 batches");
    }

    [Fact]
    public void Disposing_the_loader_stops_an_epoch_still_being_enumerated()
    {
        var dataset = new ScriptedDataset(200) { Delay = TimeSpan.FromMilliseconds(1) };
        var loader = new BatchLoader(dataset, batchSize: 4, seed: 1, workers: 2);
        using var batches = loader.Epoch(0).GetEnumerator();
        Assert.True(batches.MoveNext());
        batches.Current.Dispose();

        loader.Dispose();

        Assert.Equal(0, loader.RunningWorkers);
        Assert.Throws<ObjectDisposedException>(() => batches.MoveNext());
    }

    [Fact]
    public void A_dataset_exception_reaches_the_consumer_and_stops_the_workers()
    {
        var dataset = new ScriptedDataset(64) { ThrowAt = 17 };
        using var loader = new BatchLoader(dataset, batchSize: 4, seed: 2, workers: 3);
        var e = Assert.Throws<InvalidOperationException>(() => Collect(loader, 0));
        Assert.Equal("dataset bug at 17", e.Message);
        Assert.Equal(0, loader.RunningWorkers);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Unreadable_images_are_reported_by_name_once_and_counted_every_epoch(int workers)
    {
        var dataset = new ScriptedDataset(30) { Unreadable = i => i is 4 or 11 or 25 };
        using var loader = new BatchLoader(dataset, batchSize: 5, seed: 3, workers);
        var events = new List<(int Epoch, SkippedImage Image)>();
        var epoch = 0;
        loader.UnreadableImage += skipped => events.Add((epoch, skipped));
        var kept = new int[2];
        for (epoch = 0; epoch < 2; epoch++)
        {
            foreach (var batch in loader.Epoch(epoch))
            {
                using (batch)
                    kept[epoch] += batch.Count;
            }
        }

        Assert.Equal([27, 27], kept);
        foreach (var e in new[] { 0, 1 })
            Assert.Equal(["item-11", "item-25", "item-4"], events.Where(x => x.Epoch == e).Select(x => x.Image.Name).Order(StringComparer.Ordinal));
        Assert.All(events, x => Assert.Equal(x.Epoch == 0, x.Image.FirstTime));
        Assert.Contains(events, x => x.Image.ToString() == "item-4: broken #4");
        // A file that failed once is not decoded again.
        Assert.Equal(1, dataset.ReadsOf(4));
        Assert.Equal(6, loader.Statistics.SkippedImages);
    }

    [Fact]
    public void A_batch_left_with_one_readable_image_is_dropped()
    {
        var dataset = new ScriptedDataset(6) { Unreadable = i => i != 2 };
        using var loader = new BatchLoader(dataset, batchSize: 6, seed: 1);
        var skipped = 0;
        loader.UnreadableImage += _ => skipped++;
        Assert.Empty(Collect(loader, 0));
        Assert.Equal(5, skipped);
    }

    [Fact]
    public void Tensor_memory_span_writes_into_the_tensor_itself()
    {
        using var tensor = zeros(2, 3, dtype: float32);
        var span = TensorMemory.Floats(tensor);
        span[4] = 7.5f;
        Assert.Equal(6, span.Length);
        Assert.Equal(7.5f, tensor[1, 1].item<float>());
    }

    [Fact]
    public void Mixed_folder_loads_every_readable_image_and_names_each_broken_file_once()
    {
        using var folder = new MixedImageFolder();
        using var dataset = FolderImageDataset.Open(folder.Root, new DecodeSettings(16), cache: false, TextWriter.Null, DcganSharp.Cli.Commands.TrainCommand.Flags);
        using var loader = new BatchLoader(dataset, batchSize: 8, seed: 11, workers: 2);
        var firstTime = new List<string>();
        var perEpoch = new int[2];
        var epoch = 0;
        loader.UnreadableImage += skipped =>
        {
            perEpoch[epoch]++;
            if (skipped.FirstTime)
                firstTime.Add(skipped.Name);
        };
        for (epoch = 0; epoch < 2; epoch++)
        {
            var images = 0;
            foreach (var batch in loader.Epoch(epoch))
            {
                using (batch)
                {
                    Assert.Equal(new long[] { batch.Count, 3, 16, 16 }, batch.Images.shape);
                    Assert.InRange(batch.Images.min().item<float>(), -1f, 1f);
                    Assert.InRange(batch.Images.max().item<float>(), -1f, 1f);
                    images += batch.Count;
                }
            }
            Assert.Equal(MixedImageFolder.Readable, images);
        }
        Assert.Equal(MixedImageFolder.Broken, firstTime.Order(StringComparer.Ordinal));
        Assert.Equal([4, 4], perEpoch);
    }
}
