using System.Diagnostics;
using DcganSharp.Checkpoints;
using DcganSharp.Tests.Support;
using Xunit;

namespace DcganSharp.Tests.Checkpoints;

/// <summary>Running out of space mid-run: a clear error, a non-zero exit, earlier outputs intact.</summary>
public sealed class FullDiskTests : IDisposable
{
    readonly string mount = Directory.CreateTempSubdirectory("fulldisk-").FullName;
    bool mounted;

    public void Dispose()
    {
        if (mounted)
            Run("umount", mount);
        Directory.Delete(mount, recursive: true);
    }

    static string[] TrainArgs(string outf, params string[] extra) =>
    [
        "train", "--dataset", "fake", "--fake-count", "32", "--image-size", "32", "--ngf", "16", "--ndf", "16", "--nz", "16",
        "--batch-size", "8", "--seed", "2", "--device", "cpu", "--keep", "100", "--outf", outf, .. extra,
    ];

    [SkippableFact]
    public void A_disk_that_fills_up_mid_run_stops_training_with_a_clear_error_and_keeps_every_checkpoint_loadable()
    {
        // A 3 MiB tmpfs holds a few epochs of this run, then fills up.
        mounted = Run("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", mount) == 0;
        Skip.IfNot(mounted, "mounting a small tmpfs needs root (CI runs as root); the file-size-limit test covers the same path");

        var outf = Path.Combine(mount, "run");
        var result = CliRunner.Run(TrainArgs(outf, "--niter", "40"));

        Assert.Equal(1, result.ExitCode);
        var error = Assert.Single(result.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains("no space left on device", error, StringComparison.OrdinalIgnoreCase);
        AssertCheckpointsIntact(outf);
    }

    [SkippableFact]
    public void Sampling_into_a_full_disk_fails_in_one_line_naming_the_image_it_could_not_write()
    {
        mounted = Run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount) == 0;
        Skip.IfNot(mounted, "mounting a small tmpfs needs root (CI runs as root)");
        var netG = TinyNetworks.SaveGenerator(Directory.CreateTempSubdirectory("fulldisk-netG-").FullName);

        var images = Path.Combine(mount, "images");
        var result = CliRunner.Run("sample", netG, "--count", "500", "--batch-size", "50", "--seed", "1", "--out-dir", images, "--device", "cpu");

        Directory.Delete(Path.GetDirectoryName(netG)!, recursive: true);
        Assert.Equal(1, result.ExitCode);
        // Images are written in parallel; still one error, for one file, and no half-written image left behind.
        var error = Assert.Single(result.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Matches(@"could not write '.*sample_\d{5}\.png': no space left on device", error);
        var written = Directory.GetFiles(images);
        Assert.InRange(written.Length, 1, 499);
        Assert.All(written, file => Assert.Matches(@"^sample_\d{5}\.png$", Path.GetFileName(file)));
    }

    [Fact]
    public void A_write_that_fails_on_resume_stops_with_a_clear_error_and_leaves_the_earlier_checkpoints_untouched()
    {
        var outf = Path.Combine(mount, "run");
        var first = CliRunner.Run(TrainArgs(outf, "--niter", "2"));
        Assert.True(first.ExitCode == 0, first.ToString());
        var before = File.ReadAllBytes(Path.Combine(outf, CheckpointStore.LatestName));

        // RLIMIT_FSIZE makes writes past 200 KiB fail (EFBIG): the 220 KB netG_epoch_2.pth cannot be written.
        var dcgan = Path.Combine(AppContext.BaseDirectory, "dcgan.dll");
        // W^X double mapping sizes a memfd past the limit, so the runtime needs it off here.
        var script = $"ulimit -f 200; trap '' XFSZ; export DOTNET_EnableWriteXorExecute=0; exec dotnet '{dcgan}' train --resume '{outf}' --niter 4 --device cpu";
        var (exitCode, output) = Capture("bash", "-c", script);

        Assert.True(exitCode == 1, output);
        var error = Assert.Single(output.Split('\n'), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains("netG_epoch_2.pth", error);
        Assert.Contains("file too large", error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(outf, CheckpointStore.LatestName)));
        Assert.False(File.Exists(Path.Combine(outf, "netG_epoch_2.pth")));
        AssertCheckpointsIntact(outf);
    }

    static void AssertCheckpointsIntact(string outf)
    {
        var checkpoints = Directory.GetFiles(outf, "checkpoint*.pt");
        Assert.NotEmpty(checkpoints);
        foreach (var file in checkpoints)
        {
            using var checkpoint = TrainingCheckpoint.Load(file);
            Assert.True(checkpoint.Progress.GlobalStep > 0);
        }
    }

    static int Run(string file, params string[] args) => Capture(file, args).ExitCode;

    static (int ExitCode, string Output) Capture(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Patience.Hang))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
