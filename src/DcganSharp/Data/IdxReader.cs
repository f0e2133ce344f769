using System.Buffers.Binary;
using System.IO.Compression;

namespace DcganSharp.Data;

/// <summary>
/// Reads the IDX files MNIST and Fashion-MNIST ship in: uint8 images (magic 0x00000803, three
/// dimensions) and uint8 labels (magic 0x00000801, one dimension), plain or gzip-compressed.
/// </summary>
/// <remarks>
/// Compression is detected from the gzip magic bytes rather than the extension, because both
/// conventions are common in the wild (torchvision keeps decompressed copies without ".gz", some
/// mirrors serve compressed files under plain names). Every problem with the file itself becomes
/// a one-line <see cref="DcganException"/> naming the file, since the usual fix is to fetch it
/// again and the user needs to know which one.
/// </remarks>
internal static class IdxReader
{
    public const int ImagesMagic = 0x00000803;
    public const int LabelsMagic = 0x00000801;
    private const int ImagesHeaderSize = 16;
    private const int LabelsHeaderSize = 8;

    /// <summary>Reads a whole uint8 IDX image file.</summary>
    public static IdxImages ReadImages(string path)
    {
        using var stream = OpenContent(path);
        Span<byte> header = stackalloc byte[ImagesHeaderSize];
        var got = Fill(stream, header, path);
        CheckMagic(path, header[..got], ImagesMagic);
        if (got < ImagesHeaderSize)
            throw Corrupt(path, $"is truncated: expected a {ImagesHeaderSize}-byte IDX header, got {got} bytes");

        var count = ReadDimension(header[4..], path, "image count");
        var rows = ReadDimension(header[8..], path, "row count");
        var columns = ReadDimension(header[12..], path, "column count");
        if (count == 0)
            throw Corrupt(path, "holds no images (its header says 0)");
        if (rows == 0 || columns == 0)
            throw Corrupt(path, $"has an invalid image size {rows}x{columns} in its header");

        var pixels = ReadBody(stream, path, (long)count * rows * columns, "pixel");
        return new IdxImages(count, rows, columns, pixels);
    }

    /// <summary>Reads a whole uint8 IDX label file.</summary>
    public static byte[] ReadLabels(string path)
    {
        using var stream = OpenContent(path);
        Span<byte> header = stackalloc byte[LabelsHeaderSize];
        var got = Fill(stream, header, path);
        CheckMagic(path, header[..got], LabelsMagic);
        if (got < LabelsHeaderSize)
            throw Corrupt(path, $"is truncated: expected an {LabelsHeaderSize}-byte IDX header, got {got} bytes");

        var count = ReadDimension(header[4..], path, "label count");
        if (count == 0)
            throw Corrupt(path, "holds no labels (its header says 0)");
        return ReadBody(stream, path, count, "label");
    }

    /// <summary>
    /// Reads an image file and its label file and checks that they describe the same number of
    /// samples, which catches a train file paired with a test file.
    /// </summary>
    public static (IdxImages Images, byte[] Labels) ReadImagesWithLabels(string imagesPath, string labelsPath)
    {
        var images = ReadImages(imagesPath);
        var labels = ReadLabels(labelsPath);
        if (labels.Length != images.Count)
            throw new DcganException(
                $"'{imagesPath}' holds {images.Count} images but '{labelsPath}' holds {labels.Length} labels: " +
                "they come from different splits or one is damaged; re-download them or delete them so they are fetched again");
        return (images, labels);
    }

    /// <summary>
    /// Opens <paramref name="path"/> for reading its IDX content, transparently decompressing it
    /// when it starts with the gzip magic bytes 1f 8b.
    /// </summary>
    internal static Stream OpenContent(string path)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DcganException($"'{path}' does not exist");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DcganException($"cannot read '{path}': {OneLine(e.Message)}", e);
        }

        var first = file.ReadByte();
        var second = file.ReadByte();
        file.Position = 0;
        return first == 0x1f && second == 0x8b ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    private static void CheckMagic(string path, ReadOnlySpan<byte> header, int expected)
    {
        if (header.Length == 0)
            throw Corrupt(path, "is empty");
        if (header.Length < 4)
            throw Corrupt(path, $"is truncated: expected a 4-byte IDX magic number, got {header.Length} bytes");
        var magic = BinaryPrimitives.ReadInt32BigEndian(header);
        if (magic == expected)
            return;

        var kind = expected == ImagesMagic ? "image" : "label";
        if (magic is ImagesMagic or LabelsMagic)
        {
            var other = magic == ImagesMagic ? "image" : "label";
            throw new DcganException(
                $"'{path}' is an IDX {other} file, not an IDX {kind} file: check that the image and label files are not swapped");
        }
        throw Corrupt(path, $"is not an IDX {kind} file: it starts with 0x{magic:X8}, expected 0x{expected:X8}");
    }

    private static int ReadDimension(ReadOnlySpan<byte> bytes, string path, string what)
    {
        var value = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        if (value > int.MaxValue)
            throw Corrupt(path, $"has an impossible {what} {value} in its header");
        return (int)value;
    }

    /// <summary>
    /// Reads exactly <paramref name="expected"/> bytes and checks that nothing follows them, so a
    /// header that disagrees with the data in either direction is caught. The buffer grows as data
    /// arrives instead of trusting a (possibly corrupt) header with a huge allocation up front.
    /// </summary>
    private static byte[] ReadBody(Stream stream, string path, long expected, string what)
    {
        if (expected > Array.MaxLength)
            throw Corrupt(path, $"declares {expected} bytes of {what} data, more than can be loaded");

        const int InitialCapacity = 64 << 20;
        var buffer = new byte[Math.Min(expected, InitialCapacity)];
        long got = 0;
        while (true)
        {
            got += Fill(stream, buffer.AsSpan((int)got), path);
            if (got < buffer.Length || buffer.Length == expected)
                break;
            Array.Resize(ref buffer, (int)Math.Min(expected, (long)buffer.Length * 2));
        }

        if (got < expected)
            throw Corrupt(path, $"is truncated: expected {expected} bytes of {what} data after the header, got {got}");
        Span<byte> probe = stackalloc byte[1];
        if (Fill(stream, probe, path) != 0)
            throw Corrupt(path, $"has more data than its header describes ({expected} bytes of {what} data)");
        return buffer;
    }

    /// <summary>Reads until <paramref name="destination"/> is full or the stream ends; returns the bytes read.</summary>
    private static int Fill(Stream stream, Span<byte> destination, string path)
    {
        try
        {
            return stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw Corrupt(path, $"is a corrupt gzip file ({OneLine(e.Message)})");
        }
        catch (IOException e)
        {
            throw new DcganException($"cannot read '{path}': {OneLine(e.Message)}", e);
        }
    }

    private static DcganException Corrupt(string path, string problem) =>
        new($"'{path}' {problem}; re-download it or delete it so it is fetched again");

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").TrimEnd('.', ' ');
}
