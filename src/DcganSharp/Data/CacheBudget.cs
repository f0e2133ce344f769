namespace DcganSharp.Data;

/// <summary>
/// How much memory an in-memory image cache may take: a quarter of the memory available to the
/// process, and never more than one .NET array (about 2 GB), since each cache is one array.
/// Datasets whose resized pixels (images x channels x size x size bytes) exceed it are decoded
/// again every epoch instead.
/// </summary>
internal static class CacheBudget
{
    /// <summary>The limit in bytes on this machine now.</summary>
    public static long LimitBytes => Math.Min(Array.MaxLength, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4);

    /// <summary>Bytes needed to cache <paramref name="count"/> images of <paramref name="channels"/> x <paramref name="size"/>².</summary>
    public static long BytesFor(int count, int channels, int size) => (long)count * channels * size * size;

    public static bool Fits(long bytes) => bytes <= LimitBytes;

    /// <summary>
    /// Whether a dataset whose originals are already in memory (IDX, CIFAR-10) keeps a resized
    /// copy: with --cache when it fits; by default only when the copy is no larger than the
    /// originals. Resizing images as they are read costs little next to a training step
    /// (bench/speed/README.md), while an
    /// enlarged copy can outweigh the networks (Fashion-MNIST at 64x64: 245 MB).
    /// </summary>
    public static bool KeepsResized(bool? asked, long originalBytes, long resizedBytes) =>
        (asked ?? resizedBytes <= originalBytes) && Fits(resizedBytes);

    /// <summary>"1.2 GB" style size for messages.</summary>
    public static string Format(long bytes) => bytes >= 1L << 30
        ? $"{bytes / (double)(1L << 30):0.0} GB"
        : $"{bytes / (double)(1L << 20):0} MB";

    /// <summary>The note a dataset logs when caching was asked for but the images do not fit.</summary>
    public static string TooLarge(long bytes, SettingNames names) =>
        $"{names.Name(nameof(DcganOptions.Cache))}: the resized images need {Format(bytes)}, more than the cache limit of {Format(LimitBytes)} (a quarter of available memory, at most 2 GB); decoding them every epoch instead";
}
