namespace DcganSharp.Data;

/// <summary>Timeouts and progress display for <see cref="HttpDownloader"/>.</summary>
internal sealed record HttpDownloaderOptions
{
    /// <summary>How long to wait for a TCP/TLS connection before trying the next mirror.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long the server may stay silent (before the headers, or between two reads of the body)
    /// before the transfer is abandoned. An idle limit rather than a total one, so a slow but
    /// moving download of the 26 MB image file is never cut off.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Draw a live progress bar on standard error. Null (the default) draws it only when standard
    /// error is a terminal; redirected output gets one plain line per file instead.
    /// </summary>
    public bool? ProgressBar { get; init; }
}
