using DcganSharp.IO;
using System.Buffers.Binary;
using System.IO.Compression;

namespace DcganSharp.Data;

/// <summary>
/// Writes uint8 IDX image and label files in the layout <see cref="IdxReader"/> reads, so data
/// converted from other sources (the npm fallback, test fixtures) goes through the same loader as
/// the canonical files. Writes are atomic: an interrupted write never leaves a half file under the
/// final name, which the locator would otherwise pick up next time.
/// </summary>
internal static class IdxWriter
{
    public static void WriteImages(string path, IdxImages images, bool gzip = false)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfNegative(images.Count);
        ArgumentOutOfRangeException.ThrowIfNegative(images.Rows);
        ArgumentOutOfRangeException.ThrowIfNegative(images.Columns);
        if ((long)images.Count * images.Rows * images.Columns != images.Pixels.Length)
            throw new ArgumentException(
                $"{images.Count} images of {images.Rows}x{images.Columns} need {(long)images.Count * images.Rows * images.Columns} pixels, got {images.Pixels.Length}",
                nameof(images));

        var header = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(header, IdxReader.ImagesMagic);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), images.Count);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(8), images.Rows);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(12), images.Columns);
        Write(path, header, images.Pixels, gzip);
    }

    public static void WriteLabels(string path, byte[] labels, bool gzip = false)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var header = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, IdxReader.LabelsMagic);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), labels.Length);
        Write(path, header, labels, gzip);
    }

    private static void Write(string path, byte[] header, byte[] body, bool gzip) =>
        AtomicFile.Write(path, stream =>
        {
            if (gzip)
            {
                using var compressed = new GZipStream(stream, CompressionLevel.Optimal, leaveOpen: true);
                compressed.Write(header);
                compressed.Write(body);
            }
            else
            {
                stream.Write(header);
                stream.Write(body);
            }
        });
}
