using DcganSharp.Tests.Data;
using DcganSharp.Tests.Support;
using Xunit;

namespace DcganSharp.Tests.Cli;

public sealed class FolderTrainingTests(MixedImageFolder folder) : IClassFixture<MixedImageFolder>, IDisposable
{
    readonly string outf = Directory.CreateTempSubdirectory("train-folder-").FullName;

    public void Dispose() => Directory.Delete(outf, recursive: true);

    string[] Args(string dataset, string dataroot, params string[] extra) =>
    [
        "train", "--dataset", dataset, "--dataroot", dataroot, "--dry-run", "--image-size", "16", "--ngf", "4", "--ndf", "4",
        "--batch-size", "16", "--outf", outf, "--seed", "3", "--device", "cpu", .. extra,
    ];

    [Theory]
    [InlineData("folder", "2")]
    [InlineData("imagenet", "0")]
    public void Dry_run_on_an_image_folder_trains_and_names_each_skipped_file_once(string dataset, string workers)
    {
        var result = CliRunner.Run(Args(dataset, folder.Root, "--workers", workers));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"Dataset: folder '{folder.Root}': 15 images", result.Output);
        Assert.Single(result.Output.Split('\n'), line => line.StartsWith("[0/1]", StringComparison.Ordinal));
        foreach (var broken in MixedImageFolder.Broken)
            Assert.Single(result.Errors.Split('\n'), line => line.StartsWith($"warning: skipped unreadable image {broken}: ", StringComparison.Ordinal));
        Assert.Contains("4 image(s) could not be read and were skipped this epoch", result.Errors);
        Assert.True(File.Exists(Path.Combine(outf, "real_samples.png")));
    }

    [Fact]
    public void Grayscale_folder_training_builds_one_channel_networks()
    {
        var result = CliRunner.Run(Args("lfw", folder.Root, "--channels", "1", "--cache"));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(result.Output.Contains("16x16 grayscale") && result.Output.Contains("Generator: 16x16x1"), result.ToString());
    }

    [Fact]
    public void Resuming_a_grayscale_folder_run_keeps_one_channel()
    {
        string[] first = ["train", "--dataset", "folder", "--dataroot", folder.Root, "--niter", "1", "--image-size", "16", "--ngf", "4", "--ndf", "4",
            "--batch-size", "8", "--outf", outf, "--seed", "3", "--device", "cpu", "--channels", "1"];
        var start = CliRunner.Run(first);
        Assert.True(start.ExitCode == 0, start.ToString());

        var resumed = CliRunner.Run("train", "--resume", outf, "--niter", "2", "--device", "cpu");

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("grayscale", resumed.Output);
        Assert.Contains("[1/2]", resumed.Output);
    }

    [Fact]
    public void Folder_without_readable_images_fails_with_exit_1_and_one_line()
    {
        var broken = Directory.CreateDirectory(Path.Combine(outf, "broken-only")).FullName;
        ImageFixtures.WriteBrokenFiles(broken);

        var result = CliRunner.Run(Args("folder", broken));

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: no readable image in '{broken}'", line);
    }

    [Theory]
    [InlineData("--channels", "2")]
    [InlineData("--split", "holdout")]
    [InlineData("--celeba-crop", "3")]
    public void Bad_data_flags_are_usage_errors(string flag, string value)
    {
        var result = CliRunner.Run(Args("folder", folder.Root, flag, value));
        Assert.True(result.ExitCode == 2, result.ToString());
    }

    [Fact]
    public void Data_flags_for_another_dataset_are_usage_errors()
    {
        var crop = CliRunner.Run(Args("folder", folder.Root, "--celeba-crop", "108"));
        Assert.Equal(2, crop.ExitCode);
        Assert.Contains("--celeba-crop applies to --dataset celeba only", crop.Errors);
        var both = CliRunner.Run(Args("folder", folder.Root, "--cache", "--no-cache"));
        Assert.Equal(2, both.ExitCode);
    }
}
