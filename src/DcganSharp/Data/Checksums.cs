using System.Security.Cryptography;

namespace DcganSharp.Data;

/// <summary>
/// MD5 helpers. MD5 is what the dataset publishers list; it guards against truncated or garbled
/// transfers, not against tampering, which is all it is used for here.
/// </summary>
internal static class Checksums
{
    /// <summary>Lowercase hex MD5 of a file's bytes as stored (for .gz files: of the compressed bytes).</summary>
    public static string FileMd5(string path)
    {
        using var stream = File.OpenRead(path);
        return Hex(MD5.HashData(stream));
    }

    /// <summary>Lowercase hex MD5 of a file's IDX content, decompressing it first if it is gzip.</summary>
    public static string ContentMd5(string path)
    {
        using var stream = IdxReader.OpenContent(path);
        try
        {
            return Hex(MD5.HashData(stream));
        }
        catch (InvalidDataException e)
        {
            throw new DcganException(
                $"'{path}' is a corrupt gzip file ({e.Message.ReplaceLineEndings(" ")}); re-download it or delete it so it is fetched again", e);
        }
    }

    public static string Hex(ReadOnlySpan<byte> hash) => Convert.ToHexStringLower(hash);
}
