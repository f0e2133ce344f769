using System.Security.Cryptography;
using DcganSharp.Data;
using DcganSharp.Tests.Support;
using Xunit;

namespace DcganSharp.Tests.Data;

public sealed class HttpDownloaderTests : IDisposable
{
    private const string FileName = "train-labels-idx1-ubyte.gz";
    // The downloader's own limits (15 s to connect, 30 s of silence): servers here answer, refuse
    // or drop at once, so a limit is reached only where a test stalls on purpose, and a busy
    // machine's pauses cannot pass for a stalled mirror.
    private static readonly HttpDownloaderOptions Options = new() { ProgressBar = false };

    // The stalled mirror must be given up on within the test; the mirror after it still has
    // thousands of times its loopback answer time before it would count as stalled too.
    private static readonly HttpDownloaderOptions StallDetecting = Options with { IdleTimeout = TimeSpan.FromSeconds(5) };

    private readonly TempDirectory _dir = new();
    private readonly StringWriter _log = new();
    private readonly byte[] _payload = RandomNumberGenerator.GetBytes(300_000);

    public void Dispose() => _dir.Dispose();

    private string Md5 => Convert.ToHexStringLower(MD5.HashData(_payload));

    private string Target => _dir.Combine("MNIST", "raw");

    private Task<string> Download(params Uri[] mirrors) => Download(Options, mirrors);

    private async Task<string> Download(HttpDownloaderOptions options, params Uri[] mirrors)
    {
        using var downloader = new HttpDownloader(mirrors, _log, options);
        return await downloader.DownloadAsync(FileName, Md5, Target);
    }

    private void AssertOnlyFinalFile()
    {
        Assert.Equal([Path.Combine(Target, FileName)], Directory.GetFiles(Target));
        Assert.Equal(_payload, File.ReadAllBytes(Path.Combine(Target, FileName)));
    }

    [Fact]
    public async Task Downloads_and_verifies_the_file()
    {
        using var server = new LoopbackHttpServer(new Dictionary<string, LoopbackResponse> { ["/m1/" + FileName] = LoopbackResponse.Ok(_payload) });

        // No trailing slash on the mirror: the downloader must still append the name to it.
        var path = await Download(new Uri(server.BaseUri, "m1"));

        Assert.Equal(Path.Combine(Target, FileName), path);
        AssertOnlyFinalFile();
        Assert.Contains($"downloaded {FileName}", _log.ToString());
    }

    [Fact]
    public async Task Checksum_mismatch_is_rejected_and_the_next_mirror_used()
    {
        var corrupt = (byte[])_payload.Clone();
        corrupt[1234] ^= 0xFF;
        using var server = new LoopbackHttpServer(new Dictionary<string, LoopbackResponse>
        {
            ["/m1/" + FileName] = LoopbackResponse.Ok(corrupt),
            ["/m2/" + FileName] = LoopbackResponse.Ok(_payload),
        });

        await Download(server.Url("m1/"), server.Url("m2/"));

        AssertOnlyFinalFile();
        Assert.Equal(["/m1/" + FileName, "/m2/" + FileName], server.Requests);
        Assert.Contains("checksum mismatch", _log.ToString());
        Assert.Contains("trying the next mirror", _log.ToString());
    }

    [Fact]
    public async Task Dropped_connection_leaves_nothing_and_the_next_mirror_is_used()
    {
        using var server = new LoopbackHttpServer(new Dictionary<string, LoopbackResponse>
        {
            ["/m1/" + FileName] = LoopbackResponse.Drop(_payload, sendBytes: 100_000),
            ["/m2/" + FileName] = LoopbackResponse.Ok(_payload),
        });

        await Download(server.Url("m1/"), server.Url("m2/"));

        AssertOnlyFinalFile();
        var line = Assert.Single(_log.ToString().Split('\n'), l => l.Contains("/m1/"));
        Assert.Contains("trying the next mirror", line);
    }

    [Fact]
    public async Task Stalled_server_times_out_and_the_next_mirror_is_used()
    {
        using var server = new LoopbackHttpServer(new Dictionary<string, LoopbackResponse>
        {
            ["/m1/" + FileName] = LoopbackResponse.Stall(),
            ["/m2/" + FileName] = LoopbackResponse.Ok(_payload),
        });

        await Download(StallDetecting, server.Url("m1/"), server.Url("m2/"));

        AssertOnlyFinalFile();
        Assert.Contains("no answer for 5 s", _log.ToString());
    }

    [Fact]
    public async Task All_mirrors_failing_is_one_clear_error_and_leaves_no_file()
    {
        using var server = new LoopbackHttpServer(new Dictionary<string, LoopbackResponse>
        {
            ["/drop/" + FileName] = LoopbackResponse.Drop(_payload, sendBytes: 50_000),
            ["/bad/" + FileName] = LoopbackResponse.Ok(_payload[..1000]),
        });
        var closed = LoopbackHttpServer.ClosedPortUrl();

        var e = await Assert.ThrowsAsync<DcganException>(() =>
            Download(server.Url("missing/"), server.Url("drop/"), server.Url("bad/"), closed));

        Assert.StartsWith($"could not download {FileName}: ", e.Message);
        Assert.Contains("HTTP 404", e.Message);
        Assert.Contains(server.Url("drop/" + FileName).ToString(), e.Message);
        Assert.Contains("checksum mismatch", e.Message);
        Assert.Contains(closed.ToString(), e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Empty(Directory.GetFiles(Target));
        Assert.Contains("no mirror left", _log.ToString());
    }

    [Fact]
    public async Task A_verified_file_already_there_is_kept_without_a_request()
    {
        Directory.CreateDirectory(Target);
        File.WriteAllBytes(Path.Combine(Target, FileName), _payload);
        using var server = new LoopbackHttpServer(new Dictionary<string, LoopbackResponse>());

        await Download(server.BaseUri);

        Assert.Empty(server.Requests);
        AssertOnlyFinalFile();
    }

    [Fact]
    public async Task A_damaged_file_already_there_is_replaced()
    {
        Directory.CreateDirectory(Target);
        File.WriteAllBytes(Path.Combine(Target, FileName), _payload[..10]);
        using var server = new LoopbackHttpServer(new Dictionary<string, LoopbackResponse> { ["/" + FileName] = LoopbackResponse.Ok(_payload) });

        await Download(server.BaseUri);

        AssertOnlyFinalFile();
        Assert.Contains("downloading it again", _log.ToString());
    }

    [Fact]
    public void Progress_bar_redraws_in_place_and_is_erased()
    {
        var terminal = new StringWriter();
        var progress = new DownloadProgress("file.gz", 2_000_000, terminal);
        progress.Report(1_000_000);
        Assert.Contains("\rfile.gz [############------------]  50% 1.0 MB/2.0 MB", terminal.ToString());
        progress.Clear();
        Assert.EndsWith("\r", terminal.ToString());
        Assert.Contains("1.0 MB in", progress.Summary());
    }
}
