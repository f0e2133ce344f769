using System.Collections.Concurrent;
using DcganSharp.Imaging;

namespace DcganSharp.Data;

/// <summary>
/// `dcgan data export`: writes a dataset's images, exactly as training sees them (cropped,
/// resized, 1 or 3 channels), as numbered PNG files, to inspect the data or to build an image
/// folder from another dataset.
/// </summary>
internal static class DatasetExporter
{
    /// <summary>
    /// Writes the first <paramref name="limit"/> images (all when null) of <paramref name="dataset"/>
    /// as 00000.png, 00001.png, ... in <paramref name="folder"/>, decoding on
    /// <paramref name="workers"/> threads. Unreadable images are skipped and returned.
    /// </summary>
    public static (int Written, IReadOnlyList<SkippedImage> Skipped) Export(IImageDataset dataset, string folder, int? limit = null, int workers = 2)
    {
        if (File.Exists(folder))
            throw new DcganException($"--out '{folder}' is a file; give a folder to write the images into");
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DcganException($"cannot create '{folder}': {e.Message}; choose another --out", e);
        }

        var count = Math.Min(limit ?? dataset.Count, dataset.Count);
        var digits = Math.Max(5, (count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
        var (size, channels) = (dataset.ImageSize, dataset.Channels);
        var skipped = new ConcurrentBag<SkippedImage>();
        var written = 0;
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, workers) },
                () => (Planes: new float[channels * size * size], Pixels: new byte[channels * size * size]),
                (index, _, buffers) =>
                {
                    if (!dataset.TryRead(index, buffers.Planes, out var problem))
                    {
                        skipped.Add(new SkippedImage(index, dataset.Describe(index), problem, FirstTime: true));
                        return buffers;
                    }
                    Interleave(buffers.Planes, buffers.Pixels, size * size, channels);
                    var path = Path.Combine(folder, index.ToString(new string('0', digits), System.Globalization.CultureInfo.InvariantCulture) + ".png");
                    try
                    {
                        // Plain writes: thousands of small files, each rewritten whole by a second run.
                        File.WriteAllBytes(path, PngFile.Encode(buffers.Pixels, size, size, channels));
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        throw new DcganException($"could not write '{path}': {e.Message}; check free space and permissions of --out", e);
                    }
                    Interlocked.Increment(ref written);
                    return buffers;
                },
                _ => { });
        }
        catch (AggregateException e) when (e.InnerExceptions[0] is DcganException first)
        {
            // One clear error, not Parallel's wrapper around several copies of it.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        }
        return (written, skipped.OrderBy(s => s.Index).ToList());
    }

    /// <summary>CHW floats in [-1, 1] back to the 8-bit HWC pixels they came from.</summary>
    static void Interleave(ReadOnlySpan<float> planes, Span<byte> pixels, int area, int channels)
    {
        for (var c = 0; c < channels; c++)
        {
            for (var i = 0; i < area; i++)
                pixels[i * channels + c] = (byte)Math.Clamp(MathF.Round((planes[c * area + i] + 1f) * 127.5f), 0f, 255f);
        }
    }
}
