using DcganSharp.Models;
using DcganSharp.Tests.Support;
using SkiaSharp;
using Xunit;
using Xunit.Abstractions;

namespace DcganSharp.Tests.Export;

/// <summary>
/// samples/OnnxGrid, the .NET app without libtorch: published once per test run as its users would,
/// then run on an exported model. Its grid for a seed is `dcgan sample`'s grid for that seed.
/// </summary>
public sealed class OnnxGridSampleTests(OnnxGridSampleTests.Published published, ITestOutputHelper output) : IClassFixture<OnnxGridSampleTests.Published>, IDisposable
{
    readonly TempDirectory dir = new();

    public void Dispose() => dir.Dispose();

    /// <summary>The sample published into a temporary folder (dotnet publish -c Release).</summary>
    public sealed class Published : IDisposable
    {
        readonly TempDirectory folder = new();

        public Published()
        {
            Folder = folder.Combine("publish");
            Repository.Run(Repository.Root, "dotnet", "publish", "samples/OnnxGrid/OnnxGrid.csproj", "-c", "Release", "-o", Folder, "-nologo", "-v", "quiet");
        }

        public string Folder { get; }

        public void Dispose() => folder.Dispose();
    }

    [Fact]
    public void Its_grid_for_a_seed_is_dcgan_samples_grid_without_libtorch()
    {
        var netG = TinyNetworks.SaveLivelyGenerator(dir.Path, new DcganArchitecture(32, 1, 16, 4));
        var export = CliRunner.Run("export", netG, "--to", "onnx", "--out", dir.Combine("g.onnx"));
        Assert.True(export.ExitCode == 0, export.ToString());
        var sample = CliRunner.Run("sample", netG, "--seed", "7", "--count", "16", "--grid", dir.Combine("dcgan.png"), "--device", "cpu");
        Assert.True(sample.ExitCode == 0, sample.ToString());

        var run = Repository.Run(dir.Path, "dotnet", Path.Combine(published.Folder, "OnnxGrid.dll"), dir.Combine("g.onnx"), dir.Combine("onnx.png"), "7", "16");

        Assert.Contains("Wrote 16 images of seed 7", run);
        using var expected = SKBitmap.Decode(dir.Combine("dcgan.png"));
        using var actual = SKBitmap.Decode(dir.Combine("onnx.png"));
        Assert.Equal((expected.Width, expected.Height), (actual.Width, actual.Height));
        var worst = 0;
        for (var y = 0; y < expected.Height; y++)
        {
            for (var x = 0; x < expected.Width; x++)
            {
                var (e, a) = (expected.GetPixel(x, y), actual.GetPixel(x, y));
                worst = Math.Max(worst, Math.Max(Math.Abs(e.Red - a.Red), Math.Max(Math.Abs(e.Green - a.Green), Math.Abs(e.Blue - a.Blue))));
            }
        }
        Assert.True(worst <= 1, $"OnnxGrid's pixels differ from dcgan sample's by up to {worst}/255");

        var files = Directory.GetFiles(published.Folder, "*", SearchOption.AllDirectories);
        Assert.DoesNotContain(files, f => Path.GetFileName(f).Contains("torch", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(files, f => Path.GetFileName(f) == (OperatingSystem.IsWindows() ? "onnxruntime.dll" : OperatingSystem.IsMacOS() ? "libonnxruntime.dylib" : "libonnxruntime.so"));
        if (!OperatingSystem.IsWindows())
            Assert.DoesNotContain(files, f => Path.GetFileName(f) == "onnxruntime.dll");
        output.WriteLine($"published OnnxGrid: {files.Length} files, {files.Sum(f => new FileInfo(f).Length) / 1e6:0.0} MB");
    }

    [Fact]
    public void Bad_arguments_and_a_missing_model_are_one_line_errors()
    {
        var dll = Path.Combine(published.Folder, "OnnxGrid.dll");

        var usage = Repository.Start(dir.Path, "dotnet", dll, "only-one-argument");
        var missing = Repository.Start(dir.Path, "dotnet", dll, dir.Combine("missing.onnx"), dir.Combine("out.png"));

        Assert.Equal(2, usage.ExitCode);
        Assert.StartsWith("usage: OnnxGrid", usage.Output);
        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith("error: ", missing.Output);
        Assert.Single(missing.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(File.Exists(dir.Combine("out.png")));
    }
}
