using System.Globalization;
using DcganSharp.Data;
using DcganSharp.Imaging;
using DcganSharp.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Generation;

/// <summary>
/// Writes `dcgan sample`'s images batch by batch: codes from <see cref="LatentCodes"/>, images
/// through an <see cref="ImageSampler"/>, each batch's pixels into the grid and/or individual PNGs
/// before the next batch is drawn, so memory stays bounded by one batch plus the grid's bytes.
/// </summary>
internal static class SampleWriter
{
    /// <summary>The file name of image <paramref name="index"/>, zero-padded to sort in order (sample_00042.png).</summary>
    public static string ImageFileName(long index, long count)
    {
        var digits = Math.Max(5, (Math.Max(1, count) - 1).ToString(CultureInfo.InvariantCulture).Length);
        return $"sample_{index.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0')}.png";
    }

    /// <param name="progress">Told the number of images done after each batch.</param>
    /// <returns>How long generating the images took, apart from encoding and writing them.</returns>
    public static TimeSpan Write(ImageSampler sampler, SampleRequest request, Action<long>? progress = null)
    {
        if (request.Count < 1)
            throw DcganException.Usage($"--count must be at least 1, got {request.Count}");
        if (request.BatchSize < 1)
            throw DcganException.Usage($"--batch-size must be at least 1, got {request.BatchSize}");
        if (request.GridPath is null && request.OutputFolder is null)
            throw DcganException.Usage("nothing to write: give --grid FILE and/or --out-dir FOLDER");
        if (sampler.BatchStatistics && request.Count < 2)
            throw DcganException.Usage("--train-mode-bn needs at least 2 images (BatchNorm over one image is undefined); raise --count or drop --train-mode-bn");

        var size = sampler.Generator.Architecture.ImageSize;
        using var grid = request.GridPath is null ? null : new GridCanvas(checked((int)Math.Min(request.Count, int.MaxValue)), size, size, request.ImagesPerRow);
        if (grid is not null && grid.Count != request.Count)
            throw DcganException.Usage($"--grid cannot hold {request.Count} images; use --out-dir for that many");
        if (request.OutputFolder is { } folder)
            OutputFolder.Prepare(folder, "--out-dir");

        using var codes = new LatentCodes(sampler.Generator.Architecture.LatentSize, request.Seed);
        var generating = new System.Diagnostics.Stopwatch();
        foreach (var (start, length) in BatchRanges.Split(request.Count, request.BatchSize, sampler.BatchStatistics))
        {
            using var scope = NewDisposeScope();
            generating.Start();
            var images = sampler.Generate(codes.Next(length), sampler.LabelsFor(start, length));
            generating.Stop();
            var pixels = PixelBytes.FromSigned(images);
            grid?.Place(start, pixels);
            if (request.OutputFolder is { } outDir)
                WriteEach(outDir, pixels, start, request.Count);
            progress?.Invoke(start + length);
        }
        if (grid is not null)
            PngFile.Write(request.GridPath!, grid.Pixels);
        return generating.Elapsed;
    }

    /// <summary>
    /// One PNG per image of a batch (uint8 [N, H, W, C], image 0 being number <paramref name="first"/>),
    /// encoded on every core: compressing a small PNG costs more than generating its image.
    /// </summary>
    static void WriteEach(string folder, Tensor pixels, long first, long count)
    {
        var (images, height, width, channels) = ((int)pixels.shape[0], (int)pixels.shape[1], (int)pixels.shape[2], (int)pixels.shape[3]);
        var bytes = TensorMemory.Bytes(pixels.contiguous()).ToArray();
        var perImage = height * width * channels;
        try
        {
            Parallel.For(0, images, i =>
            {
                var png = PngFile.Encode(bytes.AsSpan(i * perImage, perImage), width, height, channels);
                // Renamed into place whole, but not flushed one by one: thousands of reproducible
                // files (same --seed, same images), where a disk flush each would dominate the run.
                AtomicFile.WriteAllBytes(Path.Combine(folder, ImageFileName(first + i, count)), png, durable: false);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions[0] is DcganException firstError)
        {
            // One clear error (a full disk, say), not Parallel's wrapper around a copy per image.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(firstError);
        }
    }
}
