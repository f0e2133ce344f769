namespace DcganSharp.IO;

/// <summary>
/// Writes a folder so that it is either its old complete content or the new complete content: the
/// new one is filled beside it under a temporary name, then swapped in with two renames (the old
/// one is kept under a temporary name in between, and put back if the second rename fails).
/// </summary>
internal static class AtomicFolder
{
    /// <summary>Fills a new folder through <paramref name="fill"/> (given its temporary path) and puts it at <paramref name="path"/>.</summary>
    public static void Write(string path, Action<string> fill)
    {
        var fullPath = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var parent = Path.GetDirectoryName(fullPath) ?? throw new DcganException($"cannot write the folder '{path}': it is a root; choose a folder inside one");
        var name = Path.GetFileName(fullPath);
        var temp = Path.Combine(parent, $".{name}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        var old = Path.Combine(parent, $".{name}.{Environment.ProcessId}.{Guid.NewGuid():N}.old");
        try
        {
            Directory.CreateDirectory(temp);
            fill(temp);
            if (Directory.Exists(fullPath))
            {
                Directory.Move(fullPath, old);
                try
                {
                    Directory.Move(temp, fullPath);
                }
                catch
                {
                    Directory.Move(old, fullPath);
                    throw;
                }
                TryDelete(old);
            }
            else
            {
                Directory.Move(temp, fullPath);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new DcganException($"could not write the folder '{path}': {AtomicFile.Describe(e)}; check its parent exists and is writable (an earlier '{path}' was left as it was)", e);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a stray temporary folder is harmless, hiding the original error is not.
        }
    }
}
