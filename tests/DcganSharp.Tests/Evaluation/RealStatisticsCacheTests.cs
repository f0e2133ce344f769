using DcganSharp.Data;
using DcganSharp.Evaluation;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Evaluation;

public sealed class RealStatisticsCacheTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("real-stats-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>A stand-in feature network: the mean of each image row, so features are cheap and predictable.</summary>
    sealed class RowMeans(string identity) : IFeatureExtractor
    {
        public int Calls { get; private set; }

        public string Description => "row means";

        public string Identity { get; } = identity;

        public string FidName => "FID-RowMeans";

        public int FeatureSize => 8;

        public IReadOnlyList<string> ClassNames => ["dark", "light"];

        public Device Device => CPU;

        public void CheckChannels(int channels, string what)
        {
        }

        public FeatureBatch Extract(Tensor images)
        {
            Calls++;
            var features = images.mean(new long[] { 1, 3 });
            return new FeatureBatch(features, features.mean(new long[] { 1 }).gt(0).to(int64));
        }

        public void Dispose()
        {
        }
    }

    static LabelledImages Data(int count, int seed) =>
        new(new FakeImageDataset(count, channels: 1, imageSize: 8, seed: seed), null, [], $"fake|{count}|{seed}");

    [Fact]
    public void Second_request_reads_the_cache_and_gives_the_same_statistics()
    {
        var cache = new RealStatisticsCache(folder);
        var extractor = new RowMeans("net-a");
        using var data = Data(300, 1);

        using var first = cache.GetOrCompute(extractor, data, TextWriter.Null);
        var calls = extractor.Calls;
        var log = new StringWriter();
        using var second = cache.GetOrCompute(extractor, data, log);

        Assert.Equal(calls, extractor.Calls);
        Assert.Contains("cached in", log.ToString());
        Assert.True(first.Statistics.Covariance.allclose(second.Statistics.Covariance, rtol: 0, atol: 0));
        Assert.True(first.Features.allclose(second.Features, rtol: 0, atol: 0));
        Assert.Equal(300, second.Count);
        Assert.Equal(first.ClassCounts, second.ClassCounts);
        Assert.Equal(300, second.ClassCounts!.Sum());
    }

    [Fact]
    public void A_different_feature_network_or_dataset_is_not_served_from_the_cache()
    {
        var cache = new RealStatisticsCache(folder);
        using var data = Data(100, 1);
        using (cache.GetOrCompute(new RowMeans("net-a"), data, TextWriter.Null))
        {
        }

        var otherNet = new RowMeans("net-b");
        using (cache.GetOrCompute(otherNet, data, TextWriter.Null))
            Assert.True(otherNet.Calls > 0);

        var sameNet = new RowMeans("net-a");
        using var otherData = Data(101, 1);
        using (cache.GetOrCompute(sameNet, otherData, TextWriter.Null))
            Assert.True(sameNet.Calls > 0);
        Assert.Equal(6, Directory.GetFiles(folder).Length);
    }

    [Fact]
    public void A_damaged_entry_is_recomputed()
    {
        var cache = new RealStatisticsCache(folder);
        var extractor = new RowMeans("net-a");
        using var data = Data(50, 2);
        using (cache.GetOrCompute(extractor, data, TextWriter.Null))
        {
        }
        var entry = cache.EntryPath(RealStatisticsCache.Key(extractor, data));
        File.WriteAllText(entry + ".pth", "garbage");

        var again = new RowMeans("net-a");
        using var reference = cache.GetOrCompute(again, data, TextWriter.Null);
        Assert.True(again.Calls > 0);
        Assert.Equal(50, reference.Count);
    }
}
