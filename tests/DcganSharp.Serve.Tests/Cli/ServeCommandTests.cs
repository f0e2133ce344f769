using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using DcganSharp.Tests.Support;
using Xunit;

namespace DcganSharp.Serve.Tests.Cli;

/// <summary>`dcgan serve` from the command line: one-line errors with the usual exit codes, and a real process that serves and stops on SIGTERM.</summary>
public sealed partial class ServeCommandTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("dcgan-serve-cli-").FullName;
    readonly string netG;

    public ServeCommandTests() => netG = TinyNetworks.SaveGenerator(folder, "netG_epoch_0.pth");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void A_missing_generator_is_a_one_line_runtime_error()
    {
        var missing = Path.Combine(folder, "nope.pth");
        CliRunner.Run("serve", missing, "--urls", "http://127.0.0.1:0", "--device", "cpu").AssertOneLineError(1, "nope.pth");
        CliRunner.Run("serve", "--checkpoint", missing, "--urls", "http://127.0.0.1:0", "--device", "cpu").AssertOneLineError(1, "nope.pth");
    }

    [Fact]
    public void A_folder_without_weights_is_a_one_line_error()
    {
        var empty = Directory.CreateDirectory(Path.Combine(folder, "empty")).FullName;
        CliRunner.Run("serve", empty, "--urls", "http://127.0.0.1:0", "--device", "cpu").AssertOneLineError(1, "has no checkpoint.pt, netG_ema_epoch_N.pth or netG_epoch_N.pth");
    }

    [Theory]
    [InlineData("--max-concurrency", "0", "--max-concurrency must be 1 to 32, got 0")]
    [InlineData("--max-concurrency", "33", "--max-concurrency must be 1 to 32")]
    [InlineData("--queue-limit", "-1", "--queue-limit must be 0 to")]
    [InlineData("--rate-limit", "-5", "--rate-limit must be 0 (off)")]
    [InlineData("--urls", "https://127.0.0.1:0", "only http:// is supported")]
    [InlineData("--urls", "localhost:5123", "is not a URL to listen on")]
    [InlineData("--urls", "http://localhost:0", "port 0")]
    [InlineData("--max-concurrency", "two", "--max-concurrency expects a whole number, got 'two'")]
    public void A_bad_flag_is_a_one_line_usage_error_before_anything_loads(string flag, string value, string mentions)
    {
        // The generator does not exist: flags are checked first, so the usage error is what is reported.
        CliRunner.Run("serve", Path.Combine(folder, "nope.pth"), flag, value).AssertOneLineError(2, mentions);
    }

    [Fact]
    public void The_generator_must_be_given_once()
    {
        CliRunner.Run("serve").AssertOneLineError(2, "give the generator to serve");
        CliRunner.Run("serve", netG, "--checkpoint", Path.Combine(folder, "other.pth")).AssertOneLineError(2, "two generators given");
    }

    [Fact]
    public void A_port_in_use_is_a_one_line_error()
    {
        using var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        var port = ((IPEndPoint)blocker.LocalEndpoint).Port;

        var result = CliRunner.Run("serve", netG, "--urls", $"http://127.0.0.1:{port}", "--device", "cpu");

        result.AssertOneLineError(1, $"cannot listen on http://127.0.0.1:{port}");
    }

    [Theory]
    [InlineData(DcganProcess.SigInt)]
    [InlineData(DcganProcess.SigTerm)]
    public async Task The_real_command_serves_until_Ctrl_C_or_SIGTERM_and_exits_cleanly(int signal)
    {
        using var process = DcganProcess.Start("serve", "--checkpoint", folder, "--urls", "http://127.0.0.1:0", "--device", "cpu", "--max-concurrency", "2");
        Assert.True(process.WaitForOutput("press Ctrl+C to stop", Patience.Hang), process.Output);
        var address = ListeningOn().Match(process.Output);
        Assert.True(address.Success, process.Output);
        Assert.Contains("netG_epoch_0.pth (16x16x3, nz=8, ngf=4) on cpu", process.Output);
        Assert.Contains("2 at a time", process.Output);
        Assert.DoesNotContain("warning", process.Output);

        using var client = new HttpClient { BaseAddress = new Uri(address.Groups[1].Value), Timeout = Patience.Hang };
        Assert.Equal("""{"status":"ok"}""", await client.GetStringAsync("/healthz"));
        Assert.Contains("<title>dcgan serve</title>", await client.GetStringAsync("/"));

        process.Signal(signal);
        Assert.Equal(0, process.WaitForExit(Patience.Hang));
        Assert.Contains("Stopped.", process.Output);
        Assert.DoesNotContain("error", process.Output);
    }

    [GeneratedRegex(@"Listening on (http://127\.0\.0\.1:[1-9][0-9]*)")]
    private static partial Regex ListeningOn();
}
