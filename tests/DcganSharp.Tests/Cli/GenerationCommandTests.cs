using DcganSharp.Interop;
using DcganSharp.Tests.Support;
using ImageMagick;
using SkiaSharp;
using Xunit;

namespace DcganSharp.Tests.Cli;

/// <summary>sample, interpolate, arithmetic and export on a tiny 16x16 generator.</summary>
public sealed class GenerationCommandTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("generation-cli-").FullName;
    readonly string netG;

    public GenerationCommandTests() => netG = TinyNetworks.SaveGenerator(folder, "netG_epoch_3.pth");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    string At(string name) => Path.Combine(folder, name);

    static (int Width, int Height) PngSize(string path)
    {
        using var image = SKBitmap.Decode(path);
        Assert.NotNull(image);
        return (image.Width, image.Height);
    }

    [Fact]
    public void Sample_writes_a_grid_and_individual_images_that_agree()
    {
        var result = CliRunner.Run("sample", folder, "--count", "10", "--seed", "7", "--batch-size", "4",
            "--grid", At("grid.png"), "--out-dir", At("images"), "--device", "cpu");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("netG_epoch_3.pth (16x16x3, nz=8, ngf=4)", result.Output);
        // 8 per row, 2 rows of 16 px with 2 px padding.
        Assert.Equal((8 * 18 + 2, 2 * 18 + 2), PngSize(At("grid.png")));
        var files = Directory.GetFiles(At("images")).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"sample_{i:D5}.png"), files);

        // Image 9 (row 1, column 1) in the grid is sample_00009.png, whatever the batch it was in.
        using var grid = SKBitmap.Decode(At("grid.png"));
        using var single = SKBitmap.Decode(Path.Combine(At("images"), "sample_00009.png"));
        for (var y = 0; y < 16; y++)
        {
            for (var x = 0; x < 16; x++)
                Assert.Equal(single.GetPixel(x, y), grid.GetPixel(2 + 18 + x, 2 + 18 + y));
        }
    }

    [Fact]
    public void Sample_from_a_missing_generator_fails_in_one_line()
    {
        var result = CliRunner.Run("sample", At("nope.pth"), "--device", "cpu", "--grid", At("grid.png"));
        result.AssertOneLineError(1, "nope.pth");
        Assert.False(File.Exists(At("grid.png")));
    }

    [Fact]
    public void Sample_into_a_file_instead_of_a_folder_names_the_flag()
    {
        File.WriteAllText(At("taken"), "not a folder");
        var result = CliRunner.Run("sample", folder, "--count", "4", "--out-dir", At("taken"), "--device", "cpu");
        result.AssertOneLineError(2, "--out-dir");
        Assert.Equal("not a folder", File.ReadAllText(At("taken")));
    }

    [Fact]
    public void Interpolate_writes_a_grid_of_walks_and_an_animation()
    {
        var result = CliRunner.Run("interpolate", netG, "--seeds", "1,2,3", "--steps", "5", "--method", "linear",
            "--grid", At("walk.png"), "--animation", At("walk.gif"), "--scale", "3", "--device", "cpu");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal((5 * 18 + 2, 2 * 18 + 2), PngSize(At("walk.png")));
        using var gif = new MagickImageCollection(At("walk.gif"));
        Assert.Equal(9, gif.Count);
        Assert.Equal((48u, 48u), (gif[0].Width, gif[0].Height));
    }

    [Fact]
    public void Interpolate_with_one_step_is_a_usage_error()
    {
        var result = CliRunner.Run("interpolate", netG, "--steps", "1", "--device", "cpu");
        result.AssertOneLineError(2, "--steps");
    }

    [Fact]
    public void Arithmetic_writes_a_labelled_figure()
    {
        var result = CliRunner.Run("arithmetic", netG, "--seed", "5", "--a", "0,3,6", "--b", "1,4", "--c-seeds", "9,10,11",
            "--names", "smiling woman,neutral woman,neutral man", "--variants", "4", "--out", At("figure.png"), "--device", "cpu");

        Assert.True(result.ExitCode == 0, result.ToString());
        var (width, height) = PngSize(At("figure.png"));
        Assert.True(width > 6 * 32 && height > 4 * 32, $"figure is only {width}x{height}");
    }

    [Fact]
    public void Arithmetic_with_a_group_missing_is_a_usage_error()
    {
        var result = CliRunner.Run("arithmetic", netG, "--a-seeds", "1,2", "--b-seeds", "3", "--out", At("figure.png"), "--device", "cpu");
        result.AssertOneLineError(2, "group C");
        Assert.False(File.Exists(At("figure.png")));
    }

    [Fact]
    public void Export_converts_to_torchsharp_and_back_without_changing_a_weight()
    {
        var native = At("netG.dat");
        var back = At("netG_back.pth");

        var toNative = CliRunner.Run("export", netG, "--to", "torchsharp", "--out", native);
        var toPth = CliRunner.Run("export", native, "--to", "pth", "--out", back);

        Assert.True(toNative.ExitCode == 0 && toPth.ExitCode == 0, toNative + "\n" + toPth);
        Assert.Contains("generator 16x16x3, nz=8, ngf=4", toNative.Output);
        Assert.Equal(WeightsFormat.TorchSharp, WeightsFormatDetector.Detect(native));
        Assert.Equal(WeightsFormat.PyTorch, WeightsFormatDetector.Detect(back));
        TensorAssert.StateDictsClose(StateDictFile.Read(netG), StateDictFile.Read(back), 0, "round trip");

        // The native file is accepted wherever a generator is.
        var sample = CliRunner.Run("sample", native, "--count", "2", "--grid", At("from-native.png"), "--device", "cpu");
        Assert.True(sample.ExitCode == 0, sample.ToString());
    }

    [Fact]
    public void Export_converts_a_pytorch_discriminator()
    {
        var result = CliRunner.Run("export", FixturePaths.Parity("mnist28", "d_init.pth"), "--to", "torchsharp", "--out", At("netD.dat"));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("discriminator 28x28x1, ndf=8", result.Output);
    }

    [Fact]
    public void Export_to_an_unknown_format_is_a_usage_error()
    {
        var result = CliRunner.Run("export", netG, "--to", "tflite", "--out", At("netG.tflite"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("tflite", result.Errors);
        Assert.False(File.Exists(At("netG.tflite")));
    }
}
