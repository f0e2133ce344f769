namespace DcganSharp.Data;

/// <summary>
/// Reads CIFAR-10 binary batches: records of 1 label byte followed by 3,072 pixel bytes (the
/// 32x32 red plane, then green, then blue, rows top to bottom), so each record's pixels are
/// already in CHW order.
/// </summary>
public static class Cifar10Reader
{
    public const int ImageSize = 32;
    public const int PixelsPerImage = 3 * ImageSize * ImageSize;
    public const int RecordSize = 1 + PixelsPerImage;

    /// <summary>All images of <paramref name="paths"/>, in order, as one [N, 3, 32, 32] byte array, and their labels.</summary>
    public static (byte[] Pixels, byte[] Labels) Read(IReadOnlyList<string> paths)
    {
        var counts = paths.Select(RecordCount).ToList();
        var total = counts.Sum(c => (long)c);
        if (total * PixelsPerImage > Array.MaxLength)
            throw new DcganException($"the CIFAR-10 files hold {total:N0} images, too many to load at once");
        var pixels = new byte[total * PixelsPerImage];
        var labels = new byte[total];
        var image = 0;
        var record = new byte[RecordSize];
        for (var f = 0; f < paths.Count; f++)
        {
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

    /// <summary>How many records a batch file holds; an empty file or a partial record is an error naming the file.</summary>
    public static int RecordCount(string path)
    {
        var length = new FileInfo(path).Length;
        if (length == 0 || length % RecordSize != 0)
            throw new DcganException(
                $"'{path}' is {length:N0} bytes, not a whole number of {RecordSize:N0}-byte CIFAR-10 records (1 label + 32x32x3 pixels); it is truncated or not a CIFAR-10 binary batch: delete it to download it again");
        return checked((int)(length / RecordSize));
    }
}
