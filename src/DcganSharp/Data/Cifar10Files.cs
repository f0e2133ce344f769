namespace DcganSharp.Data;

/// <summary>
/// Finds CIFAR-10 under a data root: the binary batches (cifar-10-batches-bin/data_batch_1..5.bin,
/// test_batch.bin) or the python version torchvision downloads (cifar-10-batches-py/data_batch_1..5,
/// test_batch; what pytorch/examples' main.py leaves in its --dataroot), in the layouts people
/// have: &lt;root&gt;/&lt;folder&gt;, the root itself, &lt;root&gt;/cifar10/... or &lt;root&gt;/CIFAR10/...;
/// and downloads and extracts the binary archive when neither is there.
/// </summary>
internal static class Cifar10Files
{
    public const string FolderName = "cifar-10-batches-bin";

    public const string PythonFolderName = "cifar-10-batches-py";

    public static readonly string[] TrainFiles = ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"];

    public const string TestFile = "test_batch.bin";

    /// <summary>The folders searched, in order: the binary version's places first, then the python version's.</summary>
    public static IReadOnlyList<string> SearchDirectories(string root)
    {
        string[] parents = [Path.Combine(root, "cifar10"), Path.Combine(root, "CIFAR10"), Path.Combine(root, "cifar-10")];
        return
        [
            Path.Combine(root, FolderName),
            root,
            .. parents.Select(parent => Path.Combine(parent, FolderName)),
            Path.Combine(root, PythonFolderName),
            .. parents.Select(parent => Path.Combine(parent, PythonFolderName)),
        ];
    }

    /// <summary>The first folder holding the first training batch or the test batch (either version), or null.</summary>
    public static string? Locate(string root) =>
        SearchDirectories(root).FirstOrDefault(folder => BatchNames(folder) is not null);

    /// <summary>True when <paramref name="folder"/> holds the python version (batch files without an extension).</summary>
    public static bool IsPythonVersion(string folder) => BatchNames(folder) is { } names && names.Test == PythonName(TestFile);

    /// <summary>The training and test file names of the version in <paramref name="folder"/>, or null when it holds neither.</summary>
    static (string[] Train, string Test)? BatchNames(string folder)
    {
        foreach (var (train, test) in new[] { (TrainFiles, TestFile), (TrainFiles.Select(PythonName).ToArray(), PythonName(TestFile)) })
        {
            if (File.Exists(Path.Combine(folder, train[0])) || File.Exists(Path.Combine(folder, test)))
                return (train, test);
        }
        return null;
    }

    static string PythonName(string binaryName) => Path.GetFileNameWithoutExtension(binaryName);

    /// <summary>Every batch file name of the version in <paramref name="folder"/>, training batches first.</summary>
    public static IReadOnlyList<string> AllBatchNames(string folder) =>
        BatchNames(folder) is { } names ? [.. names.Train, names.Test] : [.. TrainFiles, TestFile];

    /// <summary>The batch files of <paramref name="split"/> in <paramref name="folder"/>; a missing one is an error naming it.</summary>
    public static IReadOnlyList<string> Batches(string folder, DataSplit split)
    {
        var (train, test) = BatchNames(folder) ?? (TrainFiles, TestFile);
        string[] names = split switch
        {
            DataSplit.Train => train,
            DataSplit.Test => [test],
            DataSplit.All => [.. train, test],
            // DatasetFactory refuses the others, naming the setting.
            _ => throw new ArgumentOutOfRangeException(nameof(split), split, "CIFAR-10 has a train and a test split only"),
        };
        var paths = names.Select(name => Path.Combine(folder, name)).ToList();
        var missing = paths.Where(p => !File.Exists(p)).Select(Path.GetFileName).ToList();
        if (missing.Count > 0)
        {
            var archive = test == TestFile ? "cifar-10-binary.tar.gz" : "cifar-10-python.tar.gz";
            throw new DcganException($"CIFAR-10 in '{folder}' is incomplete: {string.Join(", ", missing)} missing; delete the folder to download it again, or copy the file(s) from {archive}");
        }
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
                throw new DcganException($"CIFAR-10 not found under '{root}': put {FolderName}/ (from {archive.FileName}) there, or {options.Names.Advice(nameof(DcganOptions.Download), true)} to let dcgan fetch it from {archive.Mirrors[0]}");
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
