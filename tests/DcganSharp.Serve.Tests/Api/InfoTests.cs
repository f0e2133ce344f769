using System.Net;
using System.Text.Json;
using DcganSharp.Serve.Tests.Support;
using DcganSharp.Tests.Support;
using Xunit;

namespace DcganSharp.Serve.Tests.Api;

/// <summary>GET /api/info for a training checkpoint and for plain weights, with and without a fid.csv beside them; GET /healthz.</summary>
public sealed class InfoTests : IDisposable
{
    const string FidHeader = "global_step,epoch,samples,fid,kid_mean,kid_std,precision,recall,classes_covered,class_entropy_bits,seconds,wall_time";

    readonly string folder = Directory.CreateTempSubdirectory("dcgan-serve-info-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static async Task<JsonElement> InfoAsync(LocalServer server)
    {
        using var response = await server.Client.GetAsync("/api/info");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(text);
        return json.RootElement.Clone();
    }

    static void AssertArchitecture(JsonElement info)
    {
        var a = info.GetProperty("architecture");
        Assert.Equal(16, a.GetProperty("imageSize").GetInt32());
        Assert.Equal(3, a.GetProperty("channels").GetInt32());
        Assert.Equal(8, a.GetProperty("nz").GetInt32());
        Assert.Equal(4, a.GetProperty("ngf").GetInt32());
    }

    static string FidRow(long step, int epoch, double fid) =>
        FormattableString.Invariant($"{step},{epoch},1000,{fid},0.01,0.001,0.5,0.5,,,1.000,1700000000.000\n");

    [Fact]
    public async Task A_checkpoint_reports_its_run_and_the_fid_measured_up_to_its_step()
    {
        var run = Path.Combine(folder, "run");
        var train = CliRunner.Run("train", "--dataset", "fake", "--dry-run", "--niter", "2", "--image-size", "16", "--nz", "8", "--ngf", "4", "--ndf", "4",
            "--batch-size", "8", "--fake-count", "16", "--manual-seed", "1", "--outf", run, "--device", "cpu");
        Assert.True(train.ExitCode == 0, train.ToString());
        // Measurements at steps 0 and 1, one after the checkpoint's step 1 (from a later session), and a torn last line.
        File.WriteAllText(Path.Combine(run, "fid.csv"), FidHeader + "\n" + FidRow(0, 0, 250.5) + FidRow(1, 0, 180.25) + FidRow(9, 1, 90.0) + "12,1,1000,7");

        await using var server = await LocalServer.StartAsync(new ServeSettings { RateLimitPerMinute = 0 }, generator: run);
        var info = await InfoAsync(server);

        Assert.Equal("checkpoint.pt", info.GetProperty("file").GetString());
        Assert.Equal("checkpoint", info.GetProperty("kind").GetString());
        Assert.Equal("cpu", info.GetProperty("device").GetString());
        AssertArchitecture(info);
        Assert.Equal("fake", info.GetProperty("dataset").GetString());
        Assert.Equal(1, info.GetProperty("epoch").GetInt32());
        Assert.Equal(2, info.GetProperty("epochs").GetInt32());
        Assert.Equal(1, info.GetProperty("globalStep").GetInt64());
        var fid = info.GetProperty("fid");
        Assert.Equal(180.25, fid.GetProperty("value").GetDouble());
        Assert.Equal(1, fid.GetProperty("globalStep").GetInt64());
        var limits = info.GetProperty("limits");
        Assert.Equal(64, limits.GetProperty("maxCount").GetInt32());
        Assert.Equal(2, limits.GetProperty("minSteps").GetInt32());
        Assert.Equal(32, limits.GetProperty("maxSteps").GetInt32());
        Assert.Equal(0, limits.GetProperty("rateLimitPerMinute").GetInt32());
        Assert.Equal("", server.Log);
    }

    [Fact]
    public async Task Plain_weights_report_their_architecture_and_null_for_what_they_cannot_know()
    {
        var weights = TinyNetworks.SaveGenerator(folder, "netG.pth");

        await using var server = await LocalServer.StartAsync(generator: weights);
        var info = await InfoAsync(server);

        Assert.Equal("netG.pth", info.GetProperty("file").GetString());
        Assert.Equal("weights", info.GetProperty("kind").GetString());
        AssertArchitecture(info);
        foreach (var unknown in new[] { "dataset", "epoch", "epochs", "globalStep", "fid" })
            Assert.Equal(JsonValueKind.Null, info.GetProperty(unknown).ValueKind);
        Assert.Equal(120, info.GetProperty("limits").GetProperty("rateLimitPerMinute").GetInt32());
        // The server's folders stay private: only the file name is reported.
        Assert.DoesNotContain(folder, info.GetRawText());
    }

    [Fact]
    public async Task Reference_epoch_weights_report_the_fid_measured_up_to_their_epoch()
    {
        var weights = TinyNetworks.SaveGenerator(folder, "netG_epoch_1.pth");
        File.WriteAllText(Path.Combine(folder, "fid.csv"), FidHeader + "\n" + FidRow(100, 0, 120.5) + FidRow(200, 1, 60.75) + FidRow(300, 2, 30.0));

        await using var server = await LocalServer.StartAsync(generator: weights);
        var fid = (await InfoAsync(server)).GetProperty("fid");

        Assert.Equal(60.75, fid.GetProperty("value").GetDouble());
        Assert.Equal(200, fid.GetProperty("globalStep").GetInt64());
    }

    [Fact]
    public async Task A_run_folder_with_a_best_generator_serves_it_with_its_own_fid_and_judge()
    {
        var run = Directory.CreateDirectory(Path.Combine(folder, "run")).FullName;
        TinyNetworks.SaveGenerator(run, "netG_epoch_3.pth");
        TinyNetworks.SaveGenerator(run, DcganSharp.Checkpoints.BestGenerator.FileName);
        new DcganSharp.Checkpoints.BestGenerator("FID-ResNet18", 42.5, 120, 1).Write(run);
        File.WriteAllText(Path.Combine(run, "fid.csv"), FidHeader + ",judge\n" + FidRow(120, 1, 42.5).TrimEnd('\n') + ",FID-ResNet18\n");

        await using var server = await LocalServer.StartAsync(generator: run);
        var info = await InfoAsync(server);

        Assert.Equal("netG_best.pth", info.GetProperty("file").GetString());
        var fid = info.GetProperty("fid");
        Assert.Equal(42.5, fid.GetProperty("value").GetDouble());
        Assert.Equal(120, fid.GetProperty("globalStep").GetInt64());
        Assert.Equal("FID-ResNet18", fid.GetProperty("judge").GetString());
    }

    [Fact]
    public async Task Healthz_says_ok()
    {
        await using var server = await LocalServer.StartAsync();
        using var response = await server.Client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"ok"}""", await response.Content.ReadAsStringAsync());
    }
}
