namespace DcganSharp.IO;

/// <summary>Creates the output folder up front and proves it is writable, so a run fails in its first second rather than after an epoch.</summary>
internal static class OutputFolder
{
    /// <param name="path">The folder.</param>
    /// <param name="flag">The setting that named the folder, for messages.</param>
    public static string Prepare(string path, string flag)
    {
        var full = Path.GetFullPath(string.IsNullOrWhiteSpace(path) ? "." : path);
        if (File.Exists(full))
            throw DcganException.Usage($"{flag} '{path}' is a file; give a folder");
        var probe = Path.Combine(full, $".dcgan-write-test-{Environment.ProcessId}");
        try
        {
            Directory.CreateDirectory(full);
            File.WriteAllBytes(probe, [1]);
            File.Delete(probe);
            IO.AtomicFile.CleanStaleTemporaries(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = IO.AtomicFile.Describe(e);
            // A full disk is a runtime condition (exit 1); a folder that can never be written is a usage error (exit 2).
            throw new DcganException($"{flag} '{path}' is not writable ({reason}); choose another folder or fix its permissions", e,
                exitCode: reason == "no space left on device" ? 1 : 2);
        }
        return full;
    }
}
