using System.Text.Json;
using DcganSharp.Export;
using DcganSharp.Models;
using DcganSharp.Tests.Support;
using Microsoft.ML.OnnxRuntime;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Export;

/// <summary>`dcgan export --to onnx` and `--to web`: what they write from each kind of input, and how they fail.</summary>
public sealed class ExportCommandTests : IDisposable
{
    readonly TempDirectory dir = new();

    public void Dispose() => dir.Dispose();

    string At(string name) => dir.Combine(name);

    string Generator() => TinyNetworks.SaveLivelyGenerator(dir.Path, new DcganArchitecture(16, 3, 8, 4));

    [Fact]
    public void A_run_folder_exports_its_generator_average_with_the_runs_facts()
    {
        var run = At("run");
        var train = CliRunner.Run("train", "--dataset", "fake", "--dry-run", "--image-size", "16", "--nz", "8", "--ngf", "4", "--ndf", "4",
            "--batch-size", "8", "--fake-count", "16", "--manual-seed", "5", "--outf", run, "--device", "cpu");
        Assert.True(train.ExitCode == 0, train.ToString());

        var export = CliRunner.Run("export", run, "--to", "onnx", "--out", At("g.onnx"));

        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Contains("generator 16x16x3, nz=8, ngf=4 from checkpoint.pt, average weights", export.Output);
        using var session = new InferenceSession(At("g.onnx"));
        var metadata = session.ModelMetadata.CustomMetadataMap;
        Assert.Equal("quality", metadata["recipe"]);
        Assert.Equal("average", metadata["weights"]);
        Assert.Equal("fake", metadata["dataset"]);
        Assert.Equal("5", metadata["seed"]);
        Assert.Equal("1", metadata["iterations"]);
        Assert.Equal("8", metadata["nz"]);
        Assert.Equal("16", metadata["image_size"]);
        Assert.Equal("3", metadata["channels"]);
        Assert.Equal("dcgan-sharp", session.ModelMetadata.ProducerName);

        // The same images as `dcgan sample` of the folder draws: its average, in eval mode.
        using var generator = Dcgan.LoadGenerator(run);
        using var expected = generator.Sample(16, seed: 9);
        using var codes = new DcganSharp.Generation.LatentCodes(8, 9);
        using var z = codes.Next(16);
        using var actual = OnnxExportTests.Run(session, z);
        Assert.True((expected - actual).abs().max().item<float>() <= 1e-4f);
    }

    [Fact]
    public void The_library_export_records_the_seed_and_iterations_of_a_run_it_trained()
    {
        using var generator = Dcgan.Train(new DcganOptions
        {
            Dataset = DatasetKind.Fake,
            FakeCount = 16,
            ImageSize = 16,
            LatentSize = 8,
            GeneratorFeatures = 4,
            DiscriminatorFeatures = 4,
            BatchSize = 8,
            Epochs = 1,
            Seed = 11,
            OutputFolder = At("lib-run"),
            Device = ComputeTarget.Cpu,
        });
        generator.ExportOnnx(At("lib.onnx"));

        using var session = new InferenceSession(At("lib.onnx"));
        Assert.Equal("11", session.ModelMetadata.CustomMetadataMap["seed"]);
        Assert.Equal("2", session.ModelMetadata.CustomMetadataMap["iterations"]);
    }

    [Fact]
    public void A_corrupt_input_is_one_error_and_leaves_an_existing_out_as_it_was()
    {
        File.WriteAllText(At("bad.pth"), "not a network");
        File.WriteAllText(At("g.onnx"), "the previous model");

        var result = CliRunner.Run("export", At("bad.pth"), "--to", "onnx", "--out", At("g.onnx"));

        result.AssertOneLineError(1, "bad.pth");
        Assert.Equal("the previous model", File.ReadAllText(At("g.onnx")));
        Assert.Equal(["bad.pth", "g.onnx"], Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void A_discriminator_is_not_a_generator_to_export()
    {
        var result = CliRunner.Run("export", FixturePaths.Parity("mnist28", "d_init.pth"), "--to", "onnx", "--out", At("d.onnx"));

        result.AssertOneLineError(1, "discriminator");
        Assert.False(File.Exists(At("d.onnx")));
    }

    [Fact]
    public void An_existing_out_is_replaced_whole_and_no_temporary_file_is_left()
    {
        File.WriteAllText(At("g.onnx"), "the previous model");

        var result = CliRunner.Run("export", Generator(), "--to", "onnx", "--out", At("g.onnx"));

        Assert.True(result.ExitCode == 0, result.ToString());
        using var session = new InferenceSession(At("g.onnx"));
        Assert.Equal("netG.pth", session.ModelMetadata.CustomMetadataMap["source"]);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Ort_web_is_refused_outside_web_exports()
    {
        var result = CliRunner.Run("export", Generator(), "--to", "onnx", "--out", At("g.onnx"), "--ort-web", At("ort.tgz"));
        result.AssertOneLineError(2, "--ort-web");
    }

    [Fact]
    public void A_web_export_writes_the_page_the_model_and_the_runtime_and_replaces_an_earlier_export()
    {
        var runtime = FakeOnnxRuntimeWeb.WriteTarball(At("ort.tgz"));
        var site = At("site");

        var first = CliRunner.Run("export", Generator(), "--to", "web", "--out", site, "--ort-web", runtime);
        Assert.True(first.ExitCode == 0, first.ToString());
        File.WriteAllText(Path.Combine(site, "stale.txt"), "from an earlier export");
        var second = CliRunner.Run("export", Generator(), "--to", "web", "--out", site, "--ort-web", runtime);

        Assert.True(second.ExitCode == 0, second.ToString());
        var files = Directory.GetFiles(site, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(site, f)).Order().ToArray();
        Assert.Equal(["app.css", "app.js", "generator.onnx", "index.html", "model.json", "ort/NOTICE.txt", "ort/ort-wasm-simd-threaded.mjs",
            "ort/ort-wasm-simd-threaded.wasm", "ort/ort.wasm.min.mjs"], files);
        Assert.Equal(FakeOnnxRuntimeWeb.Content("ort-wasm-simd-threaded.wasm"), File.ReadAllText(Path.Combine(site, "ort", "ort-wasm-simd-threaded.wasm")));
        using var description = JsonDocument.Parse(File.ReadAllText(Path.Combine(site, "model.json")));
        Assert.Equal(WebExport.Format, description.RootElement.GetProperty("format").GetString());
        Assert.Equal(16, description.RootElement.GetProperty("imageSize").GetInt32());
        Assert.Equal("netG.pth", description.RootElement.GetProperty("metadata").GetProperty("source").GetString());
        using var session = new InferenceSession(Path.Combine(site, "generator.onnx"));
        Assert.Equal([-1, 3, 16, 16], session.OutputMetadata["images"].Dimensions);
        // Nothing left beside the site from the swap.
        Assert.Equal(["netG.pth", "ort.tgz"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName).Where(n => n != "site").Order());
        // The page loads its scripts, model and runtime from its own folder only.
        var page = File.ReadAllText(Path.Combine(site, "index.html")) + File.ReadAllText(Path.Combine(site, "app.js"));
        Assert.DoesNotContain("http://", page.Replace("http://127.0.0.1", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", page, StringComparison.Ordinal);
    }

    [Fact]
    public void A_web_export_refuses_a_folder_that_holds_other_files()
    {
        var site = Directory.CreateDirectory(At("documents")).FullName;
        File.WriteAllText(Path.Combine(site, "thesis.txt"), "precious");

        var result = CliRunner.Run("export", Generator(), "--to", "web", "--out", site, "--ort-web", FakeOnnxRuntimeWeb.WriteTarball(At("ort.tgz")));

        result.AssertOneLineError(1, "not a dcgan web export");
        Assert.Equal(["thesis.txt"], Directory.GetFileSystemEntries(site).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("some-other-package", "1.30.0", null, "is not the onnxruntime-web package")]
    [InlineData("onnxruntime-web", "1.30.0", "ort-wasm-simd-threaded.wasm", "lacks dist/ort-wasm-simd-threaded.wasm")]
    [InlineData("onnxruntime-web", "1.17.0", null, "holds onnxruntime-web 1.17.0")]
    public void A_runtime_package_that_does_not_fit_is_one_error(string name, string version, string? omit, string message)
    {
        var runtime = FakeOnnxRuntimeWeb.WriteTarball(At("ort.tgz"), name, version, omit);

        var result = CliRunner.Run("export", Generator(), "--to", "web", "--out", At("site"), "--ort-web", runtime);

        result.AssertOneLineError(1, message);
        Assert.False(Directory.Exists(At("site")));
    }

    [Fact]
    public void A_missing_or_damaged_runtime_file_is_one_error()
    {
        File.WriteAllText(At("ort.tgz"), "not gzip");

        var missing = CliRunner.Run("export", Generator(), "--to", "web", "--out", At("site"), "--ort-web", At("nowhere.tgz"));
        var damaged = CliRunner.Run("export", Generator(), "--to", "web", "--out", At("site"), "--ort-web", At("ort.tgz"));

        missing.AssertOneLineError(1, "nowhere.tgz");
        damaged.AssertOneLineError(1, "not a readable npm tarball");
    }

    [Fact]
    public void A_runtime_from_npm_with_the_wrong_checksum_is_refused_and_not_cached()
    {
        var tarball = FakeOnnxRuntimeWeb.WriteTarball(At("fake.tgz"));
        var npm = At("fake-npm");
        File.WriteAllText(npm, $"#!/bin/sh\n[ \"$1\" = pack ] && [ \"$2\" = onnxruntime-web@1.30.0 ] || exit 64\ncp '{tarball}' ./onnxruntime-web-1.30.0.tgz\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(npm, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var cache = At("cache/onnxruntime-web-1.30.0.tgz");

        var e = Assert.Throws<DcganException>(() => OnnxRuntimeWeb.Obtain(null, TextWriter.Null, new DcganSharp.Data.NpmPackageFetcher(TextWriter.Null, npm), cache));

        Assert.Contains("MD5", e.Message);
        Assert.False(File.Exists(cache));
    }

    [Fact]
    public void Without_npm_the_runtime_comes_from_the_registry_with_its_checksum_and_is_cached()
    {
        var bytes = File.ReadAllBytes(FakeOnnxRuntimeWeb.WriteTarball(At("fake.tgz")));
        var md5 = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(bytes));
        using var registry = new LoopbackHttpServer(new Dictionary<string, LoopbackResponse> { ["/onnxruntime-web/-/onnxruntime-web-1.30.0.tgz"] = LoopbackResponse.Ok(bytes) });
        var noNpm = new DcganSharp.Data.NpmPackageFetcher(TextWriter.Null, "dcgan-no-such-npm");
        var cache = At("cache/onnxruntime-web-1.30.0.tgz");
        var log = new StringWriter();

        var fetched = OnnxRuntimeWeb.Obtain(null, log, noNpm, cache, registry.BaseUri, md5);

        Assert.Equal("1.30.0", fetched.Version);
        Assert.Equal(FakeOnnxRuntimeWeb.DistFiles.Order(), fetched.Files.Keys.Order());
        Assert.Contains("npm is not installed", log.ToString());
        Assert.Equal(bytes, File.ReadAllBytes(cache));
        Assert.Single(registry.Requests);

        // The next export takes the cached copy: no npm, no registry.
        var cached = OnnxRuntimeWeb.Obtain(null, TextWriter.Null, noNpm, cache, LoopbackHttpServer.ClosedPortUrl(), md5);
        Assert.Equal(fetched.Files["ort-wasm-simd-threaded.wasm"], cached.Files["ort-wasm-simd-threaded.wasm"]);
        Assert.Single(registry.Requests);

        // A download that is not the published tarball is refused.
        File.Delete(cache);
        var e = Assert.Throws<DcganException>(() => OnnxRuntimeWeb.Obtain(null, TextWriter.Null, noNpm, cache, registry.BaseUri, new string('0', 32)));
        Assert.Contains("MD5", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.False(File.Exists(cache));
    }
}
