namespace DcganSharp.IO;

/// <summary>
/// Writes files so that a reader (or a crash) only ever sees the old complete file or the new
/// complete file: the content goes to a temporary file in the same folder, is flushed to disk,
/// and is then renamed over the target.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>; throws <see cref="DcganException"/> on I/O failure.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        var fullPath = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(fullPath)!;
        var temp = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(folder);
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, fullPath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new DcganException($"could not write '{path}': {Describe(e)}; {Advice(e)}", e);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Write(path, stream => stream.Write(copy));
    }

    public static void WriteAllText(string path, string text) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            writer.Write(text);
        });

    /// <summary>The OS's reason, without .NET's path-laden prefixes where possible.</summary>
    internal static string Describe(Exception e) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        IOException io when IsDiskFull(io) => "no space left on device",
        _ => e.Message,
    };

    static string Advice(Exception e) => e switch
    {
        UnauthorizedAccessException => "choose a writable folder (--outf) or fix its permissions",
        IOException io when IsDiskFull(io) => "free some disk space or choose another folder (--outf); earlier outputs were left intact",
        _ => "check the folder exists and is writable; earlier outputs were left intact",
    };

    // ENOSPC (28) and EDQUOT (122) on Linux; ERROR_DISK_FULL / ERROR_HANDLE_DISK_FULL on Windows.
    static bool IsDiskFull(IOException e) =>
        (e.HResult & 0xFFFF) is 28 or 122 or 0x70 or 0x27 || e.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase);

    /// <summary>Best-effort delete for clean-up paths, where a second error would hide the first.</summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a stray temp file is harmless, hiding the original error is not.
        }
    }
}
