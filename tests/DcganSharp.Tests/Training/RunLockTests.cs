using DcganSharp.Runs;
using DcganSharp.Tests.Data;
using DcganSharp.Tests.Support;
using DcganSharp.Training;
using Xunit;

namespace DcganSharp.Tests.Training;

/// <summary>One `dcgan train` per output folder, and a killed run never leaves it locked.</summary>
public sealed class RunLockTests : IDisposable
{
    readonly TempDirectory temp = new();

    string Folder => temp.Path;

    public void Dispose() => temp.Dispose();

    [Fact]
    public void A_held_folder_cannot_be_locked_again_until_released_and_the_lock_file_goes_with_it()
    {
        using (RunLock.Acquire(Folder, DcganSharp.Cli.Commands.TrainCommand.Flags))
        {
            var e = Assert.Throws<DcganException>(() => RunLock.Acquire(Folder, DcganSharp.Cli.Commands.TrainCommand.Flags));
            Assert.Equal($"another dcgan train is running in '{Folder}'; wait for it to finish or stop it (Ctrl+C), or choose another --outf", e.Message);
        }

        Assert.False(File.Exists(Path.Combine(Folder, RunLock.FileName)));
        using var again = RunLock.Acquire(Folder, DcganSharp.Cli.Commands.TrainCommand.Flags);
    }

    [Fact]
    public void A_second_run_into_a_live_runs_folder_is_refused_and_a_killed_run_can_be_resumed()
    {
        var outf = Path.Combine(Folder, "run");
        string[] small = ["--dataset", "fake", "--fake-count", "64", "--image-size", "16", "--ngf", "4", "--ndf", "4", "--nz", "8", "--batch-size", "8", "--device", "cpu"];
        using var live = DcganProcess.Start(["train", .. small, "--niter", "10000", "--outf", outf]);
        Assert.True(live.WaitForOutput("[1/10000]", Patience.Hang), live.Output);

        var second = CliRunner.Run(["train", .. small, "--niter", "1", "--overwrite", "--outf", outf]);
        second.AssertOneLineError(1, "another dcgan train is running in");
        var resumed = CliRunner.Run("train", "--resume", outf);
        resumed.AssertOneLineError(1, "another dcgan train is running in");

        live.Signal(DcganProcess.SigKill);
        live.WaitForExit(Patience.Hang);
        var afterKill = CliRunner.Run("train", "--resume", outf, "--niter", "2");
        Assert.True(afterKill.ExitCode == 0, afterKill.ToString());
        Assert.False(File.Exists(Path.Combine(outf, RunLock.FileName)));
    }
}
