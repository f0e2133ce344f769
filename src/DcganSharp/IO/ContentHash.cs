using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DcganSharp.IO;

/// <summary>
/// SHA-256 fingerprints that key the real-statistics cache: of a file's bytes (a feature network,
/// an IDX file), of a folder listing, or of text. Changing any input changes the key, so a stale
/// cache entry is simply never found again.
/// </summary>
internal static class ContentHash
{
    /// <summary>Lowercase hex SHA-256 of a file's bytes.</summary>
    public static string OfFile(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DcganException($"cannot read '{path}' ({e.Message.ReplaceLineEndings(" ")}); check it exists and is readable", e);
        }
    }

    /// <summary>
    /// SHA-256 of the files' relative names, sizes and modification times: cheap for a folder of
    /// thousands of images, and changed by any added, removed or rewritten file.
    /// </summary>
    public static string OfListing(string root, IEnumerable<string> files)
    {
        var text = new StringBuilder();
        foreach (var file in files.OrderBy(f => f, StringComparer.Ordinal))
        {
            var info = new FileInfo(file);
            text.Append(CultureInfo.InvariantCulture, $"{Path.GetRelativePath(root, file)}\t{info.Length}\t{info.LastWriteTimeUtc.Ticks}\n");
        }
        return OfText(text.ToString());
    }

    public static string OfText(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
