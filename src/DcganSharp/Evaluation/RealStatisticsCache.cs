using System.Globalization;
using System.Text.Json;
using DcganSharp.Interop;
using DcganSharp.IO;
using static TorchSharp.torch;

namespace DcganSharp.Evaluation;

/// <summary>
/// Keeps <see cref="RealReference"/>s on disk, so the real images are run through the feature
/// network once per (feature network, dataset) pair rather than on every evaluation. An entry is
/// named by the feature network's kind and a hash of its identity (a hash of its weights file) and the data's
/// identity (name, split, count, image size, content fingerprint): when either changes the old
/// entry is no longer found and a new one is computed. Each entry is two files: real-HASH.pth
/// (tensors, a PyTorch state_dict-style file) and real-HASH.json (what it describes), written
/// last so a half-written entry is never used.
/// </summary>
internal sealed class RealStatisticsCache(string folder)
{
    static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public string Folder { get; } = folder;

    /// <summary>$XDG_CACHE_HOME/dcgan-sharp/real-statistics, else ~/.cache/dcgan-sharp/real-statistics.</summary>
    public static string DefaultFolder => Path.Combine(UserCacheFolder.Root, "real-statistics");

    /// <summary>The cache key of a (feature network, data) pair.</summary>
    public static string Key(IFeatureExtractor extractor, LabelledImages data) => $"{extractor.Identity}|{data.Identity}";

    /// <summary>
    /// The entry's file path without extension: real-JUDGE-HASH, JUDGE being the feature network's
    /// kind ("lenet", "inception-v3", "resnet18-onnx"), so each judge's entries are told apart at a glance.
    /// </summary>
    public string EntryPath(string key)
    {
        var judge = key.Split(':', '|')[0];
        var prefix = key.Contains(':') && judge.Length is > 0 and <= 32 && judge.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') ? $"{judge}-" : "";
        return Path.Combine(Folder, $"real-{prefix}{ContentHash.OfText(key)[..24]}");
    }

    /// <summary>The cached reference for this pair, computing and storing it when absent or stale.</summary>
    public RealReference GetOrCompute(IFeatureExtractor extractor, LabelledImages data, TextWriter log)
    {
        var key = Key(extractor, data);
        if (TryLoad(key) is { } cached)
        {
            log.WriteLine($"Real statistics: {cached.Description} (cached in {EntryPath(key)}.pth)");
            return cached;
        }
        log.WriteLine($"Real statistics: computing features of {data.Count:N0} images ({data.Description}); cached for next time");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var features = FeatureExtraction.OfDataset(extractor, data.Images);
        // Unreadable images are left out; say so when that happened.
        var description = features.Count == data.Count ? data.Description : $"{data.Description} ({features.Count:N0} readable)";
        var reference = RealReference.Of(features, extractor.ClassNames.Count, description);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  done in {clock.Elapsed.TotalSeconds:F1} s"));
        Store(key, reference);
        return reference;
    }

    public RealReference? TryLoad(string key)
    {
        var path = EntryPath(key);
        if (!File.Exists(path + ".json") || !File.Exists(path + ".pth"))
            return null;
        Dictionary<string, Tensor>? tensors = null;
        try
        {
            var entry = JsonSerializer.Deserialize<Entry>(File.ReadAllText(path + ".json"), Json);
            if (entry is null || entry.Key != key)
                return null;
            tensors = StateDictFile.Read(path + ".pth", "cached real statistics");
            var statistics = new FeatureStatistics(tensors["mean"], tensors["covariance"], entry.Count);
            var counts = tensors.TryGetValue("class_counts", out var c) ? c.data<long>().ToArray() : null;
            tensors.Remove("mean");
            tensors.Remove("covariance");
            var features = tensors["features"];
            tensors.Remove("features");
            return new RealReference(statistics, features, counts, entry.Description);
        }
        catch (Exception e) when (e is DcganException or JsonException or KeyNotFoundException or ArgumentException or IOException)
        {
            // A damaged entry is recomputed, not fatal.
            return null;
        }
        finally
        {
            foreach (var tensor in tensors?.Values ?? Enumerable.Empty<Tensor>())
                tensor.Dispose();
        }
    }

    void Store(string key, RealReference reference)
    {
        var path = EntryPath(key);
        var tensors = new Dictionary<string, Tensor>
        {
            ["mean"] = reference.Statistics.Mean,
            ["covariance"] = reference.Statistics.Covariance,
            ["features"] = reference.Features,
        };
        using var counts = reference.ClassCounts is { } c ? tensor(c) : null;
        if (counts is not null)
            tensors["class_counts"] = counts;
        StateDictFile.Save(tensors, path + ".pth");
        var entry = new Entry(key, reference.Count, reference.Description, DateTimeOffset.UtcNow);
        AtomicFile.WriteAllText(path + ".json", JsonSerializer.Serialize(entry, Json) + "\n");
    }

    sealed record Entry(string Key, long Count, string Description, DateTimeOffset Created);
}
