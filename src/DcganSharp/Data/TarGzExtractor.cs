using System.Formats.Tar;
using System.IO.Compression;
using DcganSharp.IO;

namespace DcganSharp.Data;

/// <summary>
/// Unpacks a .tar.gz so that a reader never sees half of it: everything goes into a temporary
/// folder next to the destination, and the folder the archive contains is renamed into place
/// only once extraction has finished. Entries that would land outside the temporary folder are
/// refused by System.Formats.Tar.
/// </summary>
internal static class TarGzExtractor
{
    /// <summary>
    /// Extracts <paramref name="archive"/> and moves its top-level folder
    /// <paramref name="folderInArchive"/> to <paramref name="destination"/>, which must not exist
    /// (or be empty). Returns <paramref name="destination"/>.
    /// </summary>
    public static string ExtractFolder(string archive, string folderInArchive, string destination)
    {
        var parent = Path.GetDirectoryName(Path.GetFullPath(destination))!;
        if (Directory.Exists(destination))
        {
            if (Directory.EnumerateFileSystemEntries(destination).Any())
                throw new DcganException($"'{destination}' exists but is incomplete; delete it so '{archive}' can be extracted there");
            Directory.Delete(destination);
        }
        var temporary = Path.Combine(parent, $".{Path.GetFileName(destination)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(temporary);
            using (var file = File.OpenRead(archive))
            using (var gzip = new GZipStream(file, CompressionMode.Decompress))
                TarFile.ExtractToDirectory(gzip, temporary, overwriteFiles: false);
            var extracted = Path.Combine(temporary, folderInArchive);
            if (!Directory.Exists(extracted))
                throw new DcganException($"'{archive}' does not contain the folder {folderInArchive}/; delete it and download it again");
            Directory.Move(extracted, destination);
            return destination;
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
        {
            throw new DcganException($"'{archive}' is not a valid .tar.gz archive ({e.Message.ReplaceLineEndings(" ")}); delete it and download it again", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DcganException($"could not extract '{archive}' into '{parent}': {AtomicFile.Describe(e)}; check free space and permissions", e);
        }
        finally
        {
            TryDeleteFolder(temporary);
        }
    }

    static void TryDeleteFolder(string path)
    {
        try
        {
            if (Directory.Exists(path))
                Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover hidden temporary folder is harmless; hiding the real error is not.
        }
    }
}
