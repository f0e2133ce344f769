using TorchSharp;

namespace DcganSharp.Data;

/// <summary>
/// Cuts an epoch of a dataset into shuffled batches. Images that cannot be read are left out
/// of their batch and reported through <see cref="UnreadableImage"/>. A final batch of a single
/// image is dropped, because BatchNorm cannot train on one image.
/// </summary>
public sealed class BatchLoader
{
    readonly IImageDataset dataset;
    readonly int seed;

    public BatchLoader(IImageDataset dataset, int batchSize, int seed)
    {
        if (batchSize < 2)
            throw new ArgumentOutOfRangeException(nameof(batchSize), "BatchNorm needs batches of at least 2 images");
        this.dataset = dataset;
        BatchSize = batchSize;
        this.seed = seed;
    }

    /// <summary>Raised with the dataset index of an image that could not be read.</summary>
    public event Action<int>? UnreadableImage;

    public int BatchSize { get; }

    /// <summary>Batches per epoch.</summary>
    public int BatchesPerEpoch => dataset.Count / BatchSize + (dataset.Count % BatchSize >= 2 ? 1 : 0);

    /// <summary>The batches of <paramref name="epoch"/>, starting at batch <paramref name="firstBatch"/>.</summary>
    public IEnumerable<Batch> Epoch(int epoch, int firstBatch = 0)
    {
        var order = ShuffleOrder.ForEpoch(dataset.Count, seed, epoch);
        var imageLength = dataset.Channels * dataset.ImageSize * dataset.ImageSize;
        for (var b = firstBatch; b < BatchesPerEpoch; b++)
        {
            var start = b * BatchSize;
            var indices = order.AsSpan(start, Math.Min(BatchSize, order.Length - start)).ToArray();
            var pixels = new float[indices.Length * imageLength];
            var kept = new List<int>(indices.Length);
            foreach (var index in indices)
            {
                if (dataset.TryRead(index, pixels.AsSpan(kept.Count * imageLength, imageLength)))
                    kept.Add(index);
                else
                    UnreadableImage?.Invoke(index);
            }
            if (kept.Count < 2)
                continue;
            var images = torch.tensor(pixels.AsSpan(0, kept.Count * imageLength).ToArray(),
                new long[] { kept.Count, dataset.Channels, dataset.ImageSize, dataset.ImageSize });
            yield return new Batch(images, kept.ToArray());
        }
    }
}
