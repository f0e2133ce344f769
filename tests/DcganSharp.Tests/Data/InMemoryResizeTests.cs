using DcganSharp.Data;
using DcganSharp.Tests.Support;
using Xunit;

namespace DcganSharp.Tests.Data;

/// <summary>
/// IDX and CIFAR-10 images resized as they are read (by default when enlarging) against the
/// resized copy kept in memory: the same pixels, read directly and through the loader.
/// </summary>
public sealed class InMemoryResizeTests : IDisposable
{
    readonly TempDirectory dir = new();

    public void Dispose() => dir.Dispose();

    static float[] ReadEach(IImageDataset dataset, int[] indices)
    {
        var length = dataset.Channels * dataset.ImageSize * dataset.ImageSize;
        var pixels = new float[indices.Length * length];
        for (var i = 0; i < indices.Length; i++)
            Assert.True(dataset.TryRead(indices[i], pixels.AsSpan(i * length, length), out _));
        return pixels;
    }

    [Theory]
    [InlineData(28, null, true)]    // native: the originals themselves
    [InlineData(16, null, true)]    // shrinking: the copy is smaller than the originals
    [InlineData(64, null, false)]   // enlarging: resized per batch, not 5x the memory
    [InlineData(64, true, true)]
    [InlineData(16, false, false)]
    public void Idx_keeps_a_resized_copy_only_when_no_larger_or_asked(int size, bool? cache, bool cached)
    {
        using var dataset = new IdxImageDataset(IdxFixtures.Images(20), size, "digits", cache);
        Assert.Equal(cached, dataset.Cached);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(64)]
    public void Idx_images_resized_per_batch_equal_the_kept_copy(int size)
    {
        var images = IdxFixtures.Images(20);
        using var kept = new IdxImageDataset(images, size, "digits", cache: true);
        using var fresh = new IdxImageDataset(images, size, "digits", cache: false);
        int[] indices = [19, 3, 3, 0, 7, 12];

        var expected = ReadEach(kept, indices);
        Assert.Equal(expected, ReadEach(fresh, indices));
        Assert.Contains(expected, v => v > -1f && v < 1f);   // really resampled, not blank
    }

    [Theory]
    [InlineData(32, 3, null, true)]
    [InlineData(32, 1, null, true)]    // luma: a third of the originals
    [InlineData(16, 3, null, true)]
    [InlineData(64, 3, null, false)]
    [InlineData(64, 1, null, false)]   // 4/3 of the originals
    [InlineData(64, 3, true, true)]
    [InlineData(16, 3, false, false)]
    public void Cifar_keeps_prepared_images_only_when_no_larger_or_asked(int size, int channels, bool? cache, bool cached)
    {
        using var dataset = Cifar10Dataset.Open(Cifar10Fixtures.WriteFolder(dir.Combine(Cifar10Files.FolderName)), DataSplit.All, size, channels, cache, TextWriter.Null);
        Assert.Equal(cached, dataset.Cached);
    }

    [Theory]
    [InlineData(64, 3)]
    [InlineData(64, 1)]
    [InlineData(16, 1)]
    [InlineData(32, 1)]
    public void Cifar_images_prepared_per_batch_equal_the_kept_copy(int size, int channels)
    {
        var folder = Cifar10Fixtures.WriteFolder(dir.Combine(Cifar10Files.FolderName));
        using var kept = Cifar10Dataset.Open(folder, DataSplit.All, size, channels, cache: true, TextWriter.Null);
        using var fresh = Cifar10Dataset.Open(folder, DataSplit.All, size, channels, cache: false, TextWriter.Null);
        Assert.False(fresh.Cached);
        int[] indices = [12, 0, 5, 5, 9];

        var expected = ReadEach(kept, indices);
        Assert.Equal(expected, ReadEach(fresh, indices));
    }

    [Fact]
    public void The_loader_makes_the_same_batches_with_and_without_the_kept_copy()
    {
        var images = IdxFixtures.Images(37);
        using var kept = new IdxImageDataset(images, 32, "digits", cache: true);
        using var fresh = new IdxImageDataset(images, 32, "digits", cache: false);

        foreach (var workers in new[] { 0, 2 })
        {
            using var expected = new BatchLoader(kept, batchSize: 8, seed: 4, workers);
            using var actual = new BatchLoader(fresh, batchSize: 8, seed: 4, workers);
            var reference = expected.Epoch(0).ToList();
            var batches = actual.Epoch(0).ToList();
            try
            {
                Assert.Equal(5, batches.Count);   // 4 of 8 and the last 5
                for (var b = 0; b < batches.Count; b++)
                {
                    Assert.Equal(reference[b].Indices, batches[b].Indices);
                    Assert.Equal(reference[b].Images.data<float>().ToArray(), batches[b].Images.data<float>().ToArray());
                }
            }
            finally
            {
                reference.ForEach(b => b.Dispose());
                batches.ForEach(b => b.Dispose());
            }
        }
    }
}
