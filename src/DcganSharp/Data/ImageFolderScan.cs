namespace DcganSharp.Data;

/// <summary>
/// What a recursive scan of an image folder found: the image files (by extension) as paths
/// relative to <paramref name="Root"/> with '/' separators, sorted ordinally so every run sees
/// the same order; how many other files there were, by extension; and how many folders were
/// reached a second time through a symbolic link and not scanned again.
/// </summary>
internal sealed record ImageFolderScan(string Root, IReadOnlyList<string> Images, IReadOnlyDictionary<string, int> OtherFiles, int RevisitedFolders)
{
    public int OtherFileCount => OtherFiles.Values.Sum();

    public string FullPath(string relative) => Path.Combine(Root, relative);

    /// <summary>"3 other files ignored (.txt 2, .tif 1)", or "" when there were none.</summary>
    public string OtherFilesSummary()
    {
        if (OtherFiles.Count == 0)
            return "";
        var parts = OtherFiles.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(6).Select(p => $"{p.Key} {p.Value:N0}");
        var more = OtherFiles.Count > 6 ? ", ..." : "";
        return $"{OtherFileCount:N0} other file{(OtherFileCount == 1 ? "" : "s")} ignored ({string.Join(", ", parts)}{more})";
    }
}
