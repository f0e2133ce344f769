namespace DcganSharp.IO;

/// <summary>
/// Writes files so that a reader (or a crash) only ever sees the old complete file or the new
/// complete file: the content goes to a temporary file in the same folder, is flushed to disk,
/// and is then renamed over the target.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>; throws <see cref="DcganException"/> on I/O failure.</summary>
    /// <param name="durable">
    /// Flush the content to disk before the rename (the default), so the new file also survives a
    /// power loss. Without it a killed process still leaves only complete files; for many small,
    /// reproducible outputs where a flush per file would cost more than making them.
    /// </param>
    public static void Write(string path, Action<Stream> write, bool durable = true)
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
                stream.Flush(flushToDisk: durable);
            }
            File.Move(temp, fullPath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException || IsFileTooLarge(e))
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

    /// <summary>
    /// Deletes temporary files that a killed process left in <paramref name="folder"/> (their
    /// names carry the writer's process id; files of live processes are left alone).
    /// </summary>
    public static void CleanStaleTemporaries(string folder)
    {
        if (!Directory.Exists(folder))
            return;
        foreach (var file in Directory.EnumerateFiles(folder, ".*.tmp"))
        {
            var parts = Path.GetFileName(file).Split('.');
            // .<name>.<pid>.<guid>.tmp: the pid is third from the end.
            if (parts.Length >= 5 && int.TryParse(parts[^3], out var pid) && pid != Environment.ProcessId && !IsRunning(pid))
                TryDelete(file);
        }
    }

    static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes, bool durable = true)
    {
        var copy = bytes.ToArray();
        Write(path, stream => stream.Write(copy), durable);
    }

    public static void WriteAllText(string path, string text) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            writer.Write(text);
        });

    /// <summary>.NET reports EFBIG (a file-size limit, or a file system's maximum) as an argument error.</summary>
    static bool IsFileTooLarge(Exception e) =>
        e is ArgumentOutOfRangeException { ParamName: "value" } && e.StackTrace?.Contains("System.IO.", StringComparison.Ordinal) == true;

    /// <summary>The OS's reason, without .NET's path-laden prefixes where possible.</summary>
    internal static string Describe(Exception e) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        ArgumentOutOfRangeException => "file too large for the file system or the process's file-size limit",
        IOException io when IsDiskFull(io) => "no space left on device",
        _ => e.Message,
    };

    static string Advice(Exception e) => e switch
    {
        UnauthorizedAccessException => "choose a writable folder or fix its permissions",
        IOException io when IsDiskFull(io) => "free some disk space or choose another folder; earlier outputs were left intact",
        _ => "check the folder exists and is writable; earlier outputs were left intact",
    };

    // ENOSPC (28) and EDQUOT (122) on Unix; ERROR_DISK_FULL (0x70) / ERROR_HANDLE_DISK_FULL (0x27) on Windows.
    static bool IsDiskFull(IOException e) =>
        (OperatingSystem.IsWindows() ? (e.HResult & 0xFFFF) is 0x70 or 0x27 : e.HResult is 28 or 122)
        || e.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("quota", StringComparison.OrdinalIgnoreCase);

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
