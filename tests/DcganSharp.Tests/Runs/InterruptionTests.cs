using DcganSharp.Checkpoints;
using DcganSharp.Interop;
using DcganSharp.Tests.Support;
using Xunit;

namespace DcganSharp.Tests.Runs;

/// <summary>Real dcgan processes stopped by signals: a run can be interrupted or killed at any moment and resumed.</summary>
public sealed class InterruptionTests : IDisposable
{
    readonly string outf = Directory.CreateTempSubdirectory("interrupt-").FullName;
    // Only a guard against a hung process: every wait below is for progress, not for time.
    static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    // One libtorch thread per child: two OpenMP threads that wait on each other run many times
    // slower when other processes hold the cores, and these networks are too small to need two.
    static readonly Dictionary<string, string?> OneThread = new() { ["OMP_NUM_THREADS"] = "1" };

    public void Dispose() => Directory.Delete(outf, recursive: true);

    // Fake 16x16 images in batches of 8 and tiny networks: iterations of a few milliseconds.
    string[] Args(int epochs, int images, params string[] extra) => ArgsIn(outf, epochs, images, extra);

    static string[] ArgsIn(string folder, int epochs, int images, params string[] extra) =>
    [
        "train", "--dataset", "fake", "--fake-count", $"{images}", "--image-size", "16", "--ngf", "4", "--ndf", "4", "--nz", "8",
        "--batch-size", "8", "--niter", $"{epochs}", "--seed", "5", "--device", "cpu", "--outf", folder, .. (extra.Contains("--sample-every") ? extra : ["--sample-every", "1000", .. extra]),
    ];

    [Theory]
    [InlineData(DcganProcess.SigInt, 130)]
    [InlineData(DcganProcess.SigTerm, 143)]
    public void A_signal_finishes_the_step_saves_a_checkpoint_and_exits_cleanly(int signal, int expectedExitCode)
    {
        // 400 iterations of a few milliseconds: the signal, sent once the process reports its fifth,
        // lands long before the epoch could end even when this thread is held up (a garbage
        // collection, a busy machine) for hundreds of the child's iterations; the resume stays short.
        using var training = DcganProcess.Start(OneThread, Args(1, 3200, "--save-every", "0"));
        Assert.True(training.WaitForStep(5, Limit) is not null, training.Output);
        training.Signal(signal);
        var exitCode = training.WaitForExit(Limit);

        Assert.True(exitCode == expectedExitCode, $"exit {exitCode}\n{training.Output}");
        Assert.Contains("Resume with: ./dcgan train --resume", training.Output);
        Assert.DoesNotContain("Exception", training.Output);
        using (var checkpoint = TrainingCheckpoint.Load(Path.Combine(outf, CheckpointStore.LatestName)))
        {
            Assert.Equal(0, checkpoint.Progress.Epoch);
            Assert.InRange(checkpoint.Progress.NextBatch, 6, 399);
        }

        var (resumedExit, resumedOutput) = DcganProcess.Run(Limit, OneThread, "train", "--resume", outf, "--device", "cpu");
        Assert.True(resumedExit == 0, resumedOutput);
        Assert.True(File.Exists(Path.Combine(outf, "netG_epoch_0.pth")));
    }

    [Fact]
    public void Killed_at_random_moments_while_checkpointing_the_latest_checkpoint_always_loads_and_resume_finishes_as_the_unkilled_run()
    {
        var random = new Random(17);
        // A checkpoint every iteration, so kills land during writes as often as not; a sample grid
        // (which moves G's BatchNorm statistics) every 7 iterations, to be repeated after each resume.
        var args = Args(2, 800, "--save-every", "1", "--sample-every", "7");
        // Kills are placed by progress, not by time (an iteration takes milliseconds here and far
        // longer on a busy machine): once a process reports a step at or past a chosen one, plus a
        // random few milliseconds. A process runs on while its output is read, so a resumed one may
        // already be past the next chosen step, or even finish the run before its kill: then the
        // run is over, and the rest of the test checks it all the same.
        int[] killSteps = [.. Enumerable.Range(0, 5).Select(k => 10 + 38 * k + random.Next(0, 12))];
        var kills = 0;
        foreach (var step in killSteps)
        {
            // A bare --resume: the run's own settings come from its checkpoint.
            using var training = DcganProcess.Start(OneThread, kills == 0 ? args : ["train", "--resume", outf]);
            var reported = training.WaitForStep(step, Limit);
            if (reported is not null)
                Thread.Sleep(random.Next(0, 25));
            var signalled = training.TrySignal(DcganProcess.SigKill);
            var exitCode = training.WaitForExit(Limit);
            if (!signalled || exitCode == 0)
            {
                // It finished the run before the kill reached it.
                Assert.True(exitCode == 0, training.Output);
                break;
            }
            kills++;

            var latest = Path.Combine(outf, CheckpointStore.LatestName);
            Assert.True(File.Exists(latest), $"no checkpoint after kill {kills}");
            using var checkpoint = TrainingCheckpoint.Load(latest);
            // Step `reported` was reported after the previous step's checkpoint was complete.
            Assert.True(checkpoint.Progress.GlobalStep >= reported, $"kill {kills} after step {reported}: checkpoint at {checkpoint.Progress}");
        }

        var (finalExit, output) = DcganProcess.Run(Limit, OneThread, "train", "--resume", outf, "--device", "cpu", "--save-every", "0");
        Assert.True(finalExit == 0, output);
        using var final = TrainingCheckpoint.Load(Path.Combine(outf, CheckpointStore.LatestName));
        Assert.True(new TrainingProgress(2, 0, 200, 0, 5) == final.Progress, $"{final.Progress}\n{output}");
        Assert.Equal(200, final.History.Count);
        // Killed writes leave no temporary files behind once a later run has started.
        Assert.Empty(Directory.GetFiles(outf, ".*.tmp"));

        var straight = Path.Combine(outf, "straight");
        var (straightExit, straightOutput) = DcganProcess.Run(Limit, OneThread, ArgsIn(straight, 2, 800, "--sample-every", "7"));
        Assert.True(straightExit == 0, straightOutput);
        foreach (var file in new[] { "netG_epoch_1.pth", "netD_epoch_1.pth" })
        {
            var expected = StateDictFile.Read(Path.Combine(straight, file));
            var actual = StateDictFile.Read(Path.Combine(outf, file));
            TensorAssert.StateDictsClose(expected, actual, 0, file);
        }
    }
}
