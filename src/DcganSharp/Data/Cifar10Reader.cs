namespace DcganSharp.Data;

/// <summary>
/// Reads CIFAR-10 batches. Binary batches (.bin) are records of 1 label byte followed by 3,072
/// pixel bytes (the 32x32 red plane, then green, then blue, rows top to bottom), so each record's
/// pixels are already in CHW order; python batches (no extension) hold the same rows in a pickle
/// (<see cref="Cifar10PythonBatch"/>).
/// </summary>
internal static class Cifar10Reader
{
    public const int ImageSize = 32;
    public const int PixelsPerImage = 3 * ImageSize * ImageSize;
    public const int RecordSize = 1 + PixelsPerImage;

    /// <summary>All images of <paramref name="paths"/>, in order, as one [N, 3, 32, 32] byte array, and their labels.</summary>
    public static (byte[] Pixels, byte[] Labels) Read(IReadOnlyList<string> paths)
    {
        // Python batches are parsed up front (their size is inside the pickle); binary ones are streamed below.
        var parsed = paths.Select(path => IsPythonBatch(path) ? Cifar10PythonBatch.Read(path) : default((byte[] Pixels, byte[] Labels)?)).ToList();
        var counts = paths.Select((path, i) => parsed[i] is { } batch ? batch.Labels.Length : RecordCount(path)).ToList();
        var total = counts.Sum(c => (long)c);
        if (total * PixelsPerImage > Array.MaxLength)
            throw new DcganException($"the CIFAR-10 files hold {total:N0} images, too many to load at once");
        var pixels = new byte[total * PixelsPerImage];
        var labels = new byte[total];
        var image = 0;
        var record = new byte[RecordSize];
        for (var f = 0; f < paths.Count; f++)
        {
            if (parsed[f] is { } batch)
            {
                batch.Pixels.CopyTo(pixels.AsSpan(image * PixelsPerImage));
                batch.Labels.CopyTo(labels.AsSpan(image));
                image += counts[f];
                continue;
            }
            using var stream = File.OpenRead(paths[f]);
            for (var r = 0; r < counts[f]; r++, image++)
            {
                stream.ReadExactly(record);
                labels[image] = record[0];
                record.AsSpan(1).CopyTo(pixels.AsSpan(image * PixelsPerImage, PixelsPerImage));
            }
        }
        return (pixels, labels);
    }

    /// <summary>A batch of the python version: no .bin extension.</summary>
    public static bool IsPythonBatch(string path) => !Path.GetExtension(path).Equals(".bin", StringComparison.OrdinalIgnoreCase);

    /// <summary>How many images a batch file holds; an empty file or a partial record is an error naming the file.</summary>
    public static int RecordCount(string path)
    {
        if (IsPythonBatch(path))
            return Cifar10PythonBatch.Read(path).Labels.Length;
        var length = new FileInfo(path).Length;
        if (length == 0 || length % RecordSize != 0)
            throw new DcganException(
                $"'{path}' is {length:N0} bytes, not a whole number of {RecordSize:N0}-byte CIFAR-10 records (1 label + 32x32x3 pixels); it is truncated or not a CIFAR-10 binary batch: delete it to download it again");
        return checked((int)(length / RecordSize));
    }
}
