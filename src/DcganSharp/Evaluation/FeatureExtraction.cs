using DcganSharp.Data;
using DcganSharp.Generation;
using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Evaluation;

/// <summary>Runs a feature network over a dataset or a generator's samples, a batch at a time.</summary>
internal static class FeatureExtraction
{
    public const int DefaultBatchSize = 250;

    /// <summary>
    /// Features of images 0 .. limit-1 of <paramref name="images"/>, optionally altered first by
    /// <paramref name="transform"/> (a batch [N, C, H, W] in [-1, 1] to another; used by the sanity
    /// check to add noise or blur). Images that cannot be read are left out.
    /// </summary>
    public static FeatureSet OfDataset(IFeatureExtractor extractor, IImageDataset images, int? limit = null,
        Func<Tensor, Tensor>? transform = null, int batchSize = DefaultBatchSize, Action<int>? progress = null)
    {
        extractor.CheckChannels(images.Channels, images.Description);
        var count = Math.Min(limit ?? images.Count, images.Count);
        var length = images.Channels * images.ImageSize * images.ImageSize;
        var batches = new List<FeatureBatch>();
        try
        {
            var pixels = new float[batchSize * length];
            for (var start = 0; start < count; start += batchSize)
            {
                var wanted = Math.Min(batchSize, count - start);
                var kept = 0;
                for (var i = 0; i < wanted; i++)
                {
                    if (images.TryRead(start + i, pixels.AsSpan(kept * length, length), out _))
                        kept++;
                }
                if (kept == 0)
                    continue;
                using var scope = NewDisposeScope();
                var batch = tensor(pixels.AsSpan(0, kept * length).ToArray(), new long[] { kept, images.Channels, images.ImageSize, images.ImageSize });
                if (transform is not null)
                    batch = transform(batch);
                var features = extractor.Extract(batch);
                features.Features.MoveToOuterDisposeScope();
                features.Classes?.MoveToOuterDisposeScope();
                batches.Add(features);
                progress?.Invoke(start + wanted);
            }
            return FeatureSet.Concat(batches, extractor.FeatureSize);
        }
        finally
        {
            foreach (var batch in batches)
                batch.Dispose();
        }
    }

    /// <summary>
    /// Features of <paramref name="count"/> samples of seed <paramref name="seed"/>'s latent codes
    /// (the codes `dcgan sample --seed` uses), generated and measured batch by batch, so memory
    /// holds one batch of images at a time.
    /// </summary>
    public static FeatureSet OfGenerator(IFeatureExtractor extractor, ImageSampler sampler, long count, long seed,
        int batchSize = DefaultBatchSize, Action<long>? progress = null)
    {
        extractor.CheckChannels(sampler.Generator.Architecture.Channels, "the generator's output");
        var batches = new List<FeatureBatch>();
        try
        {
            using var codes = new LatentCodes(sampler.Generator.Architecture.LatentSize, seed);
            foreach (var (start, length) in BatchRanges.Split(count, batchSize, sampler.BatchStatistics))
            {
                using var scope = NewDisposeScope();
                var images = sampler.Generate(codes.Next(length), sampler.LabelsFor(start, length));
                var features = extractor.Extract(images);
                features.Features.MoveToOuterDisposeScope();
                features.Classes?.MoveToOuterDisposeScope();
                batches.Add(features);
                progress?.Invoke(start + length);
            }
            return FeatureSet.Concat(batches, extractor.FeatureSize);
        }
        finally
        {
            foreach (var batch in batches)
                batch.Dispose();
        }
    }
}
