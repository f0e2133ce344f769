namespace DcganSharp.Data;

/// <summary>
/// What `dcgan data info` reports about a set of image files: how many decode, their sizes
/// (as displayed, after EXIF orientation), formats and pixel modes, which files are unreadable
/// and why, and the other files that were ignored.
/// </summary>
internal sealed record ImageFolderSurvey(
    string Root,
    int ImageFiles,
    IReadOnlyDictionary<(int Width, int Height), int> Sizes,
    IReadOnlyDictionary<string, int> Formats,
    IReadOnlyDictionary<string, int> Modes,
    IReadOnlyList<(string File, string Reason)> Unreadable,
    ImageFolderScan Scan)
{
    public int Readable => ImageFiles - Unreadable.Count;

    /// <summary>
    /// Decodes every file of <paramref name="files"/> (default: all the scan found) on
    /// <paramref name="workers"/> threads, at a tiny output size: enough to prove the whole
    /// file decodes, and cheap because JPEG and WebP decode at 1/8 scale or less.
    /// </summary>
    public static ImageFolderSurvey Run(ImageFolderScan scan, IReadOnlyList<string>? files = null, int workers = 2)
    {
        files ??= scan.Images;
        var results = new ImageDecodeResult[files.Count];
        var settings = new DecodeSettings(ImageSize: 8);
        Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, workers) },
            () => new byte[settings.PlanarLength],
            (i, _, scratch) =>
            {
                results[i] = ImageDecoder.Decode(scan.FullPath(files[i]), settings, scratch);
                return scratch;
            },
            _ => { });

        var sizes = new Dictionary<(int, int), int>();
        var formats = new Dictionary<string, int>(StringComparer.Ordinal);
        var modes = new Dictionary<string, int>(StringComparer.Ordinal);
        var unreadable = new List<(string, string)>();
        for (var i = 0; i < files.Count; i++)
        {
            var result = results[i];
            if (!result.Succeeded)
            {
                unreadable.Add((files[i], result.Problem));
                continue;
            }
            var header = result.Header;
            Count(sizes, (header.DisplayWidth, header.DisplayHeight));
            Count(formats, header.Format);
            Count(modes, header.Mode);
        }
        return new ImageFolderSurvey(scan.Root, files.Count, sizes, formats, modes, unreadable, scan);
    }

    static void Count<T>(Dictionary<T, int> counts, T key) where T : notnull => counts[key] = counts.GetValueOrDefault(key) + 1;

    /// <summary>The report, indented under a heading line the caller writes.</summary>
    public void WriteTo(TextWriter output, int listLimit = 20)
    {
        output.WriteLine($"  images: {ImageFiles:N0} file(s), {Readable:N0} readable, {Unreadable.Count:N0} unreadable");
        if (Sizes.Count > 0)
        {
            var common = Sizes.OrderByDescending(s => s.Value).ThenBy(s => s.Key.Width).ThenBy(s => s.Key.Height).First();
            var smallest = Sizes.Keys.OrderBy(s => (long)s.Width * s.Height).ThenBy(s => s.Width).First();
            var largest = Sizes.Keys.OrderByDescending(s => (long)s.Width * s.Height).ThenByDescending(s => s.Width).First();
            output.WriteLine($"  sizes: most common {common.Key.Width}x{common.Key.Height} ({common.Value:N0} images), smallest {smallest.Width}x{smallest.Height}, largest {largest.Width}x{largest.Height}, {Sizes.Count:N0} distinct");
            output.WriteLine($"  formats: {Tally(Formats)}");
            output.WriteLine($"  modes: {Tally(Modes)} (L: grayscale, RGB: colour, RGBA: colour with transparency; all are trained as --channels 3 unless --channels 1)");
        }
        if (Unreadable.Count > 0)
        {
            output.WriteLine("  unreadable (skipped in training):");
            foreach (var (file, reason) in Unreadable.Take(listLimit))
                output.WriteLine($"    {file}: {reason}");
            if (Unreadable.Count > listLimit)
                output.WriteLine($"    ... and {Unreadable.Count - listLimit:N0} more");
        }
        output.WriteLine(Scan.OtherFileCount > 0 ? $"  {Scan.OtherFilesSummary()}" : "  other files: none");
    }

    static string Tally(IReadOnlyDictionary<string, int> counts) =>
        string.Join(", ", counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value:N0}"));
}
