using DcganSharp.IO;
using System.Net;
using System.Security.Cryptography;

namespace DcganSharp.Data;

/// <summary>
/// Downloads a file from the first of several mirrors that delivers it intact.
/// </summary>
/// <remarks>
/// Each attempt streams into "&lt;name&gt;.part" next to the target and is renamed to the final
/// name only after its MD5 matches, so the final name only ever holds a verified file and an
/// interrupted run leaves nothing the locator would mistake for data. Any failure of one mirror (an
/// HTTP error, a stalled or dropped connection, a wrong checksum) deletes the partial file, is
/// logged on one line, and moves on to the next mirror; only when all have failed is it an error.
/// </remarks>
internal sealed class HttpDownloader : IDisposable
{
    private readonly IReadOnlyList<Uri> _mirrors;
    private readonly TextWriter _log;
    private readonly HttpDownloaderOptions _options;
    private readonly HttpClient _client;

    /// <param name="mirrors">Base URLs, tried in order; the file name is appended to each.</param>
    /// <param name="log">Receives one line per completed file and per failed attempt.</param>
    public HttpDownloader(IReadOnlyList<Uri> mirrors, TextWriter log, HttpDownloaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mirrors);
        ArgumentNullException.ThrowIfNull(log);
        if (mirrors.Count == 0)
            throw new ArgumentException("at least one mirror is needed", nameof(mirrors));
        // Uri resolution drops the last path segment of a base without a trailing slash.
        _mirrors = mirrors.Select(m => m.AbsoluteUri.EndsWith('/') ? m : new Uri(m.AbsoluteUri + "/")).ToList();
        _log = log;
        _options = options ?? new HttpDownloaderOptions();
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = _options.ConnectTimeout,
            // The checksums are of the .gz bytes: never let the stack decompress them on the way.
            AutomaticDecompression = DecompressionMethods.None,
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("dcgan-sharp");
    }

    public IReadOnlyList<Uri> Mirrors => _mirrors;

    /// <summary>
    /// Makes sure <paramref name="targetDirectory"/>/<paramref name="fileName"/> exists with MD5
    /// <paramref name="expectedMd5"/>, downloading it if needed, and returns its path. Throws
    /// <see cref="DcganException"/> naming every mirror's failure when none delivers it.
    /// </summary>
    public async Task<string> DownloadAsync(string fileName, string expectedMd5, string targetDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentException.ThrowIfNullOrEmpty(expectedMd5);
        var finalPath = Path.Combine(targetDirectory, fileName);
        if (File.Exists(finalPath))
        {
            // A previous run finished this file; only the other one of the pair was missing.
            var existing = Checksums.FileMd5(finalPath);
            if (string.Equals(existing, expectedMd5, StringComparison.OrdinalIgnoreCase))
                return finalPath;
            _log.WriteLine($"'{finalPath}' has MD5 {existing}, expected {expectedMd5}: downloading it again");
        }

        try
        {
            Directory.CreateDirectory(targetDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DcganException($"cannot create '{targetDirectory}': {e.Message}; choose another data folder", e);
        }

        var partPath = finalPath + ".part";
        var failures = new List<string>();
        for (var i = 0; i < _mirrors.Count; i++)
        {
            var url = new Uri(_mirrors[i], fileName);
            string? failure;
            try
            {
                failure = await TryFetchAsync(url, partPath, fileName, expectedMd5, cancellationToken).ConfigureAwait(false);
                if (failure is null)
                {
                    File.Move(partPath, finalPath, overwrite: true);
                    return finalPath;
                }
            }
            finally
            {
                // Whatever happened, a .part file is never worth keeping: it is either renamed
                // already or unverified.
                AtomicFile.TryDelete(partPath);
            }

            failures.Add($"{url}: {failure}");
            var next = i + 1 < _mirrors.Count ? "trying the next mirror" : "no mirror left";
            _log.WriteLine($"{fileName}: {url} failed ({failure}); {next}");
        }

        throw new DcganException($"could not download {fileName}: {string.Join("; ", failures)}");
    }

    /// <summary>
    /// One attempt: streams <paramref name="url"/> into <paramref name="partPath"/> and checks it.
    /// Returns null when the part file holds the verified content, or why the mirror failed.
    /// Errors that are not the mirror's fault (disk full, cancellation) are thrown.
    /// </summary>
    private async Task<string?> TryFetchAsync(Uri url, string partPath, string fileName, string expectedMd5, CancellationToken cancellationToken)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        DownloadProgress? progress = null;
        try
        {
            idle.CancelAfter(_options.IdleTimeout);
            using var response = await _client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, idle.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                return $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";

            var total = response.Content.Headers.ContentLength;
            var showBar = _options.ProgressBar ?? !Console.IsErrorRedirected;
            progress = new DownloadProgress(fileName, total, showBar ? Console.Error : null);
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            long received = 0;
            var body = await response.Content.ReadAsStreamAsync(idle.Token).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                var file = OpenPart(partPath);
                await using (file.ConfigureAwait(false))
                {
                    var buffer = new byte[1 << 16];
                    while (true)
                    {
                        idle.CancelAfter(_options.IdleTimeout);
                        var read = await body.ReadAsync(buffer, idle.Token).ConfigureAwait(false);
                        if (read == 0)
                            break;
                        md5.AppendData(buffer, 0, read);
                        await WritePartAsync(file, buffer.AsMemory(0, read), partPath, cancellationToken).ConfigureAwait(false);
                        received += read;
                        progress.Report(received);
                    }
                    FlushPart(file, partPath);
                }
            }
            progress.Clear();

            if (total is not null && received != total)
                return $"connection closed after {received} of {total} bytes";
            var actual = Checksums.Hex(md5.GetHashAndReset());
            if (!string.Equals(actual, expectedMd5, StringComparison.OrdinalIgnoreCase))
                return $"checksum mismatch: got MD5 {actual}, expected {expectedMd5}";
            _log.WriteLine($"downloaded {fileName} from {url} ({progress.Summary()})");
            return null;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // Our idle timer, or the handler's connect timeout (which surfaces with a TimeoutException inside).
            return e.InnerException is TimeoutException
                ? $"no connection within {_options.ConnectTimeout.TotalSeconds:0.#} s"
                : $"no answer for {_options.IdleTimeout.TotalSeconds:0.#} s";
        }
        catch (HttpRequestException e)
        {
            return Flatten(e);
        }
        catch (IOException e)
        {
            // Reads of the response body: the server reset or closed the connection mid-transfer.
            return $"connection lost: {Flatten(e)}";
        }
        finally
        {
            progress?.Clear();
        }
    }

    private static FileStream OpenPart(string partPath)
    {
        try
        {
            return new FileStream(partPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DcganException($"cannot write '{partPath}': {e.Message}; check the data folder's permissions", e);
        }
    }

    private static async Task WritePartAsync(FileStream file, ReadOnlyMemory<byte> data, string partPath, CancellationToken cancellationToken)
    {
        try
        {
            await file.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw PartWriteFailed(partPath, e);
        }
    }

    private static void FlushPart(FileStream file, string partPath)
    {
        try
        {
            file.Flush(flushToDisk: true);
        }
        catch (IOException e)
        {
            throw PartWriteFailed(partPath, e);
        }
    }

    // A DcganException rather than an IOException, so it is not mistaken for the mirror's fault.
    private static DcganException PartWriteFailed(string partPath, IOException e) =>
        new($"cannot write '{partPath}': {e.Message}; free some disk space or choose another data folder", e);

    /// <summary>"outer message: inner message" on one line, since HttpClient hides the socket error inside.</summary>
    private static string Flatten(Exception e)
    {
        var parts = new List<string>();
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            var message = x.Message.ReplaceLineEndings(" ").Trim();
            // Inner messages are often repeated inside the outer one ("Name or service not known (host:80)").
            if (message.Length > 0 && !parts.Any(p => p.Contains(message, StringComparison.Ordinal)))
                parts.Add(message);
        }
        return string.Join(": ", parts);
    }

    public void Dispose() => _client.Dispose();
}
