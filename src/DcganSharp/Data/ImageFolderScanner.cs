namespace DcganSharp.Data;

/// <summary>
/// Lists the images under a folder, in all its subfolders, without decoding anything (start-up
/// stays fast for hundreds of thousands of files). Symbolic links to folders are followed, but
/// each real folder is scanned once, so a link back to a parent cannot loop. Hidden files and
/// folders (names starting with '.') and folders that cannot be read are skipped.
/// </summary>
internal static class ImageFolderScanner
{
    /// <param name="root">The folder.</param>
    /// <param name="setting">What named it, for errors ("--dataroot", "DcganOptions.DataRoot").</param>
    public static ImageFolderScan Scan(string root, string setting)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (File.Exists(root))
            throw new DcganException($"'{root}' is a file; {setting} must be a folder of images{(IsArchive(root) ? $" (extract the archive and point {setting} at the folder)" : "")}");
        if (!Directory.Exists(root))
            throw new DcganException($"folder '{root}' does not exist; point {setting} at a folder of images");

        var images = new List<string>();
        var others = new Dictionary<string, int>(StringComparer.Ordinal);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var revisited = 0;
        var options = new EnumerationOptions { IgnoreInaccessible = true, RecurseSubdirectories = false };
        // Real folders are scanned before folders reached through links, so an image inside the
        // tree is named by its own path even when a link to its folder sorts first.
        var folders = new Stack<(string Path, string Relative)>();
        var links = new Stack<(string Path, string Relative)>();
        folders.Push((Path.GetFullPath(root), ""));
        while (folders.TryPop(out var folder) || links.TryPop(out folder))
        {
            if (!visited.Add(RealPath.Of(folder.Path)))
            {
                revisited++;
                continue;
            }
            List<FileSystemInfo> entries;
            try
            {
                entries = [.. new DirectoryInfo(folder.Path).EnumerateFileSystemInfos("*", options).OrderByDescending(e => e.Name, StringComparer.Ordinal)];
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            // Pushed in reverse order, so subfolders are scanned in name order (deterministic names).
            foreach (var entry in entries)
            {
                var relative = folder.Relative.Length == 0 ? entry.Name : folder.Relative + "/" + entry.Name;
                if (IsFolder(entry))
                    (entry.LinkTarget is null ? folders : links).Push((entry.FullName, relative));
                else if (ImageFileTypes.IsImage(entry.Name))
                    images.Add(relative);
                else
                    others[ImageFileTypes.ExtensionOf(entry.Name)] = others.GetValueOrDefault(ImageFileTypes.ExtensionOf(entry.Name)) + 1;
            }
        }
        images.Sort(StringComparer.Ordinal);
        return new ImageFolderScan(Path.GetFullPath(root), images, others, revisited);
    }

    static bool IsArchive(string path) =>
        new[] { ".zip", ".tar", ".tgz", ".gz", ".7z", ".rar", ".xz", ".bz2" }.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    /// <summary>A folder, or a symbolic link that leads to one (Directory.Exists follows links; a loop of links is not a folder).</summary>
    static bool IsFolder(FileSystemInfo entry) =>
        entry is DirectoryInfo || (entry.LinkTarget is not null && Directory.Exists(entry.FullName));
}
