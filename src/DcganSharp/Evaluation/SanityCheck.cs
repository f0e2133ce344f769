using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Evaluation;

/// <summary>
/// Checks that FID behaves on this data with this feature network: held-out real images must be
/// close to the real reference, and adding more Gaussian noise (in [-1, 1] units) or more blur
/// (sigma in pixels) must make FID grow.
/// </summary>
internal static class SanityCheck
{
    // Steps large enough that each one changes FID by more than its sampling noise at ~1,000 images.
    public static readonly IReadOnlyList<double> NoiseLevels = [0, 0.15, 0.3, 0.5, 0.8];

    public static readonly IReadOnlyList<double> BlurLevels = [0, 0.75, 1.5, 2.25, 3];

    /// <param name="probe">Real images not in the reference (a test split or held-out images).</param>
    /// <param name="count">How many probe images to use (at most all).</param>
    public static SanityResult Run(IFeatureExtractor extractor, RealReference reference, LabelledImages probe, int count, long seed = 0, Action<string>? progress = null)
    {
        var used = Math.Min(count, probe.Count);
        if (used < 2)
            throw DcganException.Usage($"the sanity check needs at least 2 held-out real images, got {used}");
        using var random = new torch.Generator(unchecked((ulong)seed), CPU);

        double Fid(Func<Tensor, Tensor>? damage, string what)
        {
            progress?.Invoke(what);
            using var features = FeatureExtraction.OfDataset(extractor, probe.Images, used, damage);
            using var statistics = FeatureStatistics.Of(features.Features);
            return FrechetDistance.Compute(reference.Statistics, statistics);
        }

        var clean = Fid(null, "clean");
        var noise = NoiseLevels.Select(level => new SanityPoint(level, level == 0 ? clean : Fid(images => ImageCorruption.AddNoise(images, level, random), $"noise {level}"))).ToList();
        var blur = BlurLevels.Select(level => new SanityPoint(level, level == 0 ? clean : Fid(images => ImageCorruption.Blur(images, level), $"blur {level}"))).ToList();
        return new SanityResult(probe.Description, used, reference.Description, clean, noise, blur);
    }
}
