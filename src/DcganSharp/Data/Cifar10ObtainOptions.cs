namespace DcganSharp.Data;

/// <summary>How <see cref="Cifar10Files.Obtain"/> may get CIFAR-10 when it is not on disk.</summary>
internal sealed record Cifar10ObtainOptions
{
    /// <summary>Download (and extract) the archive when the batch files are missing.</summary>
    public bool AllowDownload { get; init; } = true;

    /// <summary>Which archive to fetch; tests substitute a small one served locally.</summary>
    public Cifar10Archive Archive { get; init; } = Cifar10Archive.Canonical;

    public HttpDownloaderOptions? Download { get; init; }

    /// <summary>How the advice to allow downloads names <see cref="DcganOptions.Download"/>.</summary>
    public SettingNames Names { get; init; } = SettingNames.Library;
}
