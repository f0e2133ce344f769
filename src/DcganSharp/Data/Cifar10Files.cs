namespace DcganSharp.Data;

/// <summary>
/// Finds CIFAR-10's binary batches (cifar-10-batches-bin/data_batch_1..5.bin, test_batch.bin)
/// under a data root, in the layouts people have: &lt;root&gt;/cifar-10-batches-bin, the root
/// itself, &lt;root&gt;/cifar10/... or &lt;root&gt;/CIFAR10/...; and downloads and extracts the
/// published archive when they are missing.
/// </summary>
public static class Cifar10Files
{
    public const string FolderName = "cifar-10-batches-bin";

    public static readonly string[] TrainFiles = ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"];

    public const string TestFile = "test_batch.bin";

    /// <summary>The folders searched, in order.</summary>
    public static IReadOnlyList<string> SearchDirectories(string root) =>
    [
        Path.Combine(root, FolderName),
        root,
        Path.Combine(root, "cifar10", FolderName),
        Path.Combine(root, "CIFAR10", FolderName),
        Path.Combine(root, "cifar-10", FolderName),
    ];

    /// <summary>The first folder holding data_batch_1.bin or test_batch.bin, or null.</summary>
    public static string? Locate(string root) =>
        SearchDirectories(root).FirstOrDefault(folder => File.Exists(Path.Combine(folder, TrainFiles[0])) || File.Exists(Path.Combine(folder, TestFile)));

    /// <summary>The batch files of <paramref name="split"/> in <paramref name="folder"/>; a missing one is an error naming it.</summary>
    public static IReadOnlyList<string> Batches(string folder, DataSplit split)
    {
        string[] names = split switch
        {
            DataSplit.Train => TrainFiles,
            DataSplit.Test => [TestFile],
            DataSplit.All => [.. TrainFiles, TestFile],
            _ => throw DcganException.Usage($"CIFAR-10 has no {DataSplits.Name(split)} split; use --split train, test or all"),
        };
        var paths = names.Select(name => Path.Combine(folder, name)).ToList();
        var missing = paths.Where(p => !File.Exists(p)).Select(Path.GetFileName).ToList();
        if (missing.Count > 0)
            throw new DcganException($"CIFAR-10 in '{folder}' is incomplete: {string.Join(", ", missing)} missing; delete the folder to download it again, or copy the file(s) from cifar-10-binary.tar.gz");
        return paths;
    }

    /// <summary>Synchronous form of <see cref="ObtainAsync"/>.</summary>
    public static string Obtain(string root, TextWriter log, Cifar10ObtainOptions? options = null) =>
        ObtainAsync(root, log, options).GetAwaiter().GetResult();

    /// <summary>
    /// The folder holding the batches: found on disk, else extracted from an archive already in
    /// <paramref name="root"/>, else downloaded (MD5-checked) and extracted. Returns its path.
    /// </summary>
    public static async Task<string> ObtainAsync(string root, TextWriter log, Cifar10ObtainOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new Cifar10ObtainOptions();
        if (Locate(root) is { } found)
            return found;

        var archive = options.Archive;
        var archivePath = Path.Combine(root, archive.FileName);
        if (!File.Exists(archivePath))
        {
            if (!options.AllowDownload)
                throw new DcganException($"CIFAR-10 not found under '{root}': put {FolderName}/ (from {archive.FileName}) there, or drop --no-download to let dcgan fetch it from {archive.Mirrors[0]}");
            log.WriteLine($"CIFAR-10 not found under '{root}'; downloading {archive.FileName} to '{root}'");
        }
        // An archive already on disk is checked (and replaced when damaged) by the downloader.
        if (options.AllowDownload)
        {
            using var downloader = new HttpDownloader(archive.Mirrors, log, options.Download);
            archivePath = await downloader.DownloadAsync(archive.FileName, archive.Md5, root, cancellationToken).ConfigureAwait(false);
        }
        var destination = Path.Combine(root, FolderName);
        TarGzExtractor.ExtractFolder(archivePath, FolderName, destination);
        log.WriteLine($"extracted CIFAR-10 to '{destination}'");
        return destination;
    }
}
