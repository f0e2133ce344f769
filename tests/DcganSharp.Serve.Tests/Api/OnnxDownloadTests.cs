using System.Net;
using System.Text.Json;
using DcganSharp.Serve.Tests.Support;
using DcganSharp.Tests.Support;
using Microsoft.ML.OnnxRuntime;
using Xunit;

namespace DcganSharp.Serve.Tests.Api;

/// <summary>GET /api/model.onnx: the served generator as ONNX, named and described in /api/info.</summary>
public sealed class OnnxDownloadTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("dcgan-serve-onnx-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_run_folder_offers_its_generator_average_as_onnx_and_says_which_it_is()
    {
        var run = Path.Combine(folder, "faces");
        var train = CliRunner.Run("train", "--dataset", "fake", "--dry-run", "--image-size", "16", "--nz", "8", "--ngf", "4", "--ndf", "4",
            "--batch-size", "8", "--fake-count", "16", "--manual-seed", "3", "--outf", run, "--device", "cpu");
        Assert.True(train.ExitCode == 0, train.ToString());
        await using var server = await LocalServer.StartAsync(new ServeSettings { RateLimitPerMinute = 0 }, generator: run);

        using var infoResponse = await server.Client.GetAsync("/api/info");
        using var info = JsonDocument.Parse(await infoResponse.Content.ReadAsStringAsync());
        var onnx = info.RootElement.GetProperty("onnx");
        Assert.Equal("/api/model.onnx", onnx.GetProperty("url").GetString());
        Assert.Equal("faces-checkpoint.onnx", onnx.GetProperty("file").GetString());
        Assert.Equal("checkpoint.pt", onnx.GetProperty("source").GetString());
        Assert.Equal("average", onnx.GetProperty("weights").GetString());
        Assert.Equal(17, onnx.GetProperty("opset").GetInt32());

        using var response = await server.Client.GetAsync("/api/model.onnx");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("faces-checkpoint.onnx", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal(onnx.GetProperty("bytes").GetInt64(), bytes.Length);
        // The same model `dcgan export --to onnx` writes for the folder.
        var export = CliRunner.Run("export", run, "--to", "onnx", "--out", Path.Combine(folder, "exported.onnx"));
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Equal(File.ReadAllBytes(Path.Combine(folder, "exported.onnx")), bytes);
        using var session = new InferenceSession(bytes);
        Assert.Equal("quality", session.ModelMetadata.CustomMetadataMap["recipe"]);
        Assert.Equal("", server.Log);
    }
}
