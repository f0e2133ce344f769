using DcganSharp.Data;
using DcganSharp.Tests.Data;
using DcganSharp.Tests.Support;
using SkiaSharp;
using Xunit;

namespace DcganSharp.Tests.Cli;

public sealed class DataCommandTests(MixedImageFolder folder) : IClassFixture<MixedImageFolder>, IDisposable
{
    readonly string temp = Directory.CreateTempSubdirectory("data-cli-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public void Info_on_a_folder_counts_sizes_modes_unreadable_and_other_files()
    {
        var result = CliRunner.Run("data", "info", folder.Root, "--workers", "2");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(result.Output.Contains("most common 60x40 (8 images)"), result.ToString());
        Assert.Contains("images: 15 file(s), 11 readable, 4 unreadable", result.Output);
        Assert.Contains("most common 60x40 (8 images)", result.Output);
        Assert.Contains("smallest 20x40, largest 200x100", result.Output);
        Assert.Contains("JPEG 4", result.Output);
        Assert.Contains("L 1", result.Output);
        Assert.Contains("RGBA", result.Output);
        foreach (var broken in MixedImageFolder.Broken)
            Assert.Single(Lines(result.Output), l => l.StartsWith(broken + ": ", StringComparison.Ordinal));
        Assert.Contains("2 other files ignored", result.Output);
    }

    [Fact]
    public void Info_recognises_cifar_idx_and_celeba()
    {
        Cifar10Fixtures.WriteFolder(Path.Combine(temp, "cifar", Cifar10Files.FolderName));
        var cifar = CliRunner.Run("data", "info", Path.Combine(temp, "cifar"));
        Assert.True(cifar.ExitCode == 0, cifar.ToString());
        Assert.Contains("data_batch_1.bin: 2 images", cifar.Output);
        Assert.Contains("total: 13 images", cifar.Output);

        var raw = Directory.CreateDirectory(Path.Combine(temp, "mnist", "MNIST", "raw")).FullName;
        IdxFixtures.WritePair(raw, MnistSplit.Train, count: 7);
        var idx = CliRunner.Run("data", "info", Path.Combine(temp, "mnist"));
        Assert.True(idx.ExitCode == 0, idx.ToString());
        Assert.Contains("MNIST train", idx.Output);
        Assert.Contains("7 images 28x28", idx.Output);

        var faces = Path.Combine(temp, "celeba", CelebAFolder.ImagesFolderName);
        ImageFixtures.HalvesFile(Path.Combine(faces, "000001.jpg"), 178, 218, ImageFixtures.Red, ImageFixtures.Blue, SKEncodedImageFormat.Jpeg);
        ImageFixtures.HalvesFile(Path.Combine(faces, "000002.jpg"), 178, 218, ImageFixtures.Red, ImageFixtures.Blue, SKEncodedImageFormat.Jpeg);
        File.WriteAllLines(Path.Combine(temp, "celeba", "list_eval_partition.txt"), ["000001.jpg 0", "000002.jpg 2"]);
        var celeba = CliRunner.Run("data", "info", Path.Combine(temp, "celeba"));
        Assert.True(celeba.ExitCode == 0, celeba.ToString());
        Assert.Contains("train 1, valid 0, test 1", celeba.Output);
        Assert.Contains("most common 178x218 (2 images)", celeba.Output);
    }

    [Fact]
    public void Info_on_a_missing_path_is_exit_1_and_one_line()
    {
        var result = CliRunner.Run("data", "info", Path.Combine(temp, "nothing-here"));
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(Lines(result.Errors));
        Assert.Contains("does not exist", line);
    }

    [Fact]
    public void Export_writes_pngs_that_decode_to_the_training_pixels()
    {
        var root = Path.Combine(temp, "cifar");
        Cifar10Fixtures.WriteFolder(Path.Combine(root, Cifar10Files.FolderName));
        var outDir = Path.Combine(temp, "png");

        var result = CliRunner.Run("data", "export", "cifar10", "--dataroot", root, "--out", outDir, "--limit", "4");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("exported 4 image(s) (32x32 RGB)", result.Output);
        Assert.Equal(["00000.png", "00001.png", "00002.png", "00003.png"], Directory.GetFiles(outDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        using var png = SKBitmap.Decode(Path.Combine(outDir, "00003.png"));
        Assert.Equal((32, 32), (png.Width, png.Height));
        Assert.Equal(new SKColor(13, 100, 200), png.GetPixel(5, 5));
        Assert.Equal(new SKColor(0, 0, 0), png.GetPixel(0, 0));

        // The exported folder is itself a folder dataset.
        var info = CliRunner.Run("data", "info", outDir);
        Assert.Contains("images: 4 file(s), 4 readable, 0 unreadable", info.Output);
    }

    [Fact]
    public void Export_of_mnist_writes_grayscale_digits_at_native_size()
    {
        var raw = Directory.CreateDirectory(Path.Combine(temp, "data", "MNIST", "raw")).FullName;
        IdxFixtures.WritePair(raw, MnistSplit.Train, count: 7);
        var digits = Path.Combine(temp, "digits");

        var result = CliRunner.Run("data", "export", "mnist", "--dataroot", Path.Combine(temp, "data"), "--out", digits, "--limit", "5", "--no-download");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("exported 5 image(s) (28x28 grayscale)", result.Output);
        using var png = SKBitmap.Decode(Path.Combine(digits, "00004.png"));
        var images = IdxFixtures.Images(7);
        Assert.Equal((28, 28), (png.Width, png.Height));
        Assert.Equal(images.Image(4)[28 * 3 + 9], png.GetPixel(9, 3).Red);
    }

    [Fact]
    public void Export_of_a_folder_skips_broken_files_with_a_warning_each()
    {
        var outDir = Path.Combine(temp, "faces");
        var result = CliRunner.Run("data", "export", "folder", "--dataroot", folder.Root, "--out", outDir, "--image-size", "16", "--channels", "1");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("exported 11 image(s) (16x16 grayscale)", result.Output);
        Assert.Equal(4, Lines(result.Errors).Count(l => l.StartsWith("warning: skipped unreadable image broken/", StringComparison.Ordinal)));
        Assert.Equal(11, Directory.GetFiles(outDir, "*.png").Length);
    }

    [Fact]
    public void Export_bad_input_is_reported_with_the_right_exit_code()
    {
        var unknown = CliRunner.Run("data", "export", "imagenet-21k", "--out", temp);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("unknown dataset 'imagenet-21k'", unknown.Errors);

        var empty = Directory.CreateDirectory(Path.Combine(temp, "empty")).FullName;
        var nothing = CliRunner.Run("data", "export", "folder", "--dataroot", empty, "--out", Path.Combine(temp, "out"));
        Assert.Equal(1, nothing.ExitCode);
        Assert.Contains("no images found", Assert.Single(Lines(nothing.Errors)));
    }

    [Fact]
    public void Fetch_finds_data_already_present_and_explains_celeba()
    {
        Cifar10Fixtures.WriteFolder(Path.Combine(temp, Cifar10Files.FolderName));
        var cifar = CliRunner.Run("data", "fetch", "cifar10", "--dataroot", temp);
        Assert.True(cifar.ExitCode == 0, cifar.ToString());
        Assert.Contains($"batches in '{Path.Combine(temp, Cifar10Files.FolderName)}'", cifar.Output);

        var celeba = CliRunner.Run("data", "fetch", "celeba", "--dataroot", temp);
        Assert.Equal(1, celeba.ExitCode);
        Assert.Contains("mmlab.ie.cuhk.edu.hk", Assert.Single(Lines(celeba.Errors)));

        Assert.Equal(2, CliRunner.Run("data", "fetch", "lsun").ExitCode);
    }
}
