using System.Diagnostics;
using DcganSharp.Generation;
using DcganSharp.Models;
using static TorchSharp.torch;

namespace DcganSharp.Evaluation;

/// <summary>
/// Measures a generator's quality during training: built once (feature network loaded, real
/// statistics read from the cache or computed), then <see cref="Measure"/> every N iterations.
/// Every measurement draws the same latent codes (seed <see cref="Seed"/>), so changes between
/// measurements come from the generator, not from a new draw of codes.
/// </summary>
internal sealed class QualityProbe : IDisposable
{
    /// <summary>KID subsets per measurement: fewer than `dcgan evaluate`'s 100, to keep probes cheap.</summary>
    public const int ProbeKidSubsets = 10;

    readonly IFeatureExtractor extractor;
    readonly RealReference reference;
    readonly QualityOptions options;

    /// <summary>Takes ownership of <paramref name="extractor"/> and <paramref name="reference"/>.</summary>
    public QualityProbe(IFeatureExtractor extractor, RealReference reference, QualityOptions? options = null, long seed = 0)
    {
        this.extractor = extractor;
        this.reference = reference;
        this.options = options ?? new QualityOptions(KidSubsets: ProbeKidSubsets);
        Seed = seed;
    }

    /// <summary>Seed of the latent codes every measurement uses.</summary>
    public long Seed { get; }

    public IFeatureExtractor Features => extractor;

    public RealReference Reference => reference;

    /// <summary>
    /// Opens the feature network at <paramref name="featureNetwork"/> (a train-features .pt, or
    /// Inception weights; null: the default judge of the generator's channels, ResNet18 for RGB) and
    /// the real statistics of <paramref name="dataset"/>'s training split at the generator's image
    /// size and channels, from <paramref name="cacheFolder"/> (default:
    /// <see cref="RealStatisticsCache.DefaultFolder"/>) or computed and cached there.
    /// </summary>
    /// <param name="real">Which real images: count and seed of fake data, and how many to use at most.</param>
    public static QualityProbe Open(string? featureNetwork, string dataset, string? dataRoot, DcganArchitecture architecture, Device device,
        TextWriter log, string? cacheFolder = null, bool allowDownload = true, RealDataOptions? real = null)
    {
        var extractor = FeatureNetworks.OpenOrDefault(featureNetwork, architecture.Channels, device)
            ?? throw DcganException.Usage($"{architecture.Channels}-channel images have no default judge; name a feature network trained on them");
        try
        {
            extractor.CheckChannels(architecture.Channels, "the generator's output");
            using var images = RealData.Open(dataset, dataRoot, Data.MnistSplit.Train, architecture.ImageSize, architecture.Channels, allowDownload, log, real);
            var reference = new RealStatisticsCache(cacheFolder ?? RealStatisticsCache.DefaultFolder).GetOrCompute(extractor, images, log);
            return new QualityProbe(extractor, reference);
        }
        catch
        {
            extractor.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Generates <paramref name="samples"/> images (BatchNorm in eval mode; the generator's mode is
    /// restored afterwards) and measures FID, KID, precision/recall and class coverage.
    /// </summary>
    public QualityResult Measure(DcganGenerator generator, int samples, Device device)
    {
        if (samples < 2)
            throw new ArgumentOutOfRangeException(nameof(samples), "at least 2 samples are needed");
        var clock = Stopwatch.StartNew();
        using var sampler = new ImageSampler(generator, device);
        using var fake = FeatureExtraction.OfGenerator(extractor, sampler, samples, Seed);
        return QualityMetrics.Measure(reference, fake, extractor.ClassNames, options, clock);
    }

    public void Dispose()
    {
        extractor.Dispose();
        reference.Dispose();
    }
}
