using DcganSharp.Checkpoints;
using DcganSharp.Interop;
using DcganSharp.Tests.Support;
using DcganSharp.Training;
using Xunit;

namespace DcganSharp.Tests.Checkpoints;

/// <summary>A run stopped and resumed must end exactly where an uninterrupted run ends.</summary>
public sealed class ResumeTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("resume-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    // 40 fake images in batches of 8: 5 iterations per epoch.
    static TrainingOptions Small(string outf, int epochs) => new()
    {
        Dataset = "fake",
        FakeCount = 40,
        ImageSize = 16,
        GeneratorFeatures = 4,
        DiscriminatorFeatures = 4,
        LatentSize = 8,
        BatchSize = 8,
        Epochs = epochs,
        Seed = 123,
        Device = "cpu",
        OutputFolder = outf,
        SaveEvery = 0,
        SampleEvery = 2,
    };

    static TrainingResult Train(TrainingOptions options, CancellationToken cancellation = default) =>
        new DcganTrainer(options, new TextTrainingReporter(TextWriter.Null, TextWriter.Null)).Run(cancellation);

    [Fact]
    public void Resuming_after_an_epoch_reproduces_the_uninterrupted_run_bit_for_bit()
    {
        var straight = Path.Combine(root, "straight");
        var resumed = Path.Combine(root, "resumed");
        Train(Small(straight, epochs: 2));
        Train(Small(resumed, epochs: 1));
        var result = Train(Small(resumed, epochs: 2) with { Resume = resumed, Explicit = new HashSet<string> { nameof(TrainingOptions.Epochs) } });

        Assert.Equal(5, result.Iterations);
        AssertSameRun(straight, resumed, epoch: 1);
    }

    [Fact]
    public void Resuming_mid_epoch_after_an_interrupt_reproduces_the_uninterrupted_run()
    {
        var straight = Path.Combine(root, "straight");
        var resumed = Path.Combine(root, "resumed");
        Train(Small(straight, epochs: 2));

        // Ask to stop during epoch 0, iteration 2: the run finishes that step and saves.
        using var stop = new CancellationTokenSource();
        var reporter = new StopAt(epoch: 0, iteration: 2, stop);
        var first = new DcganTrainer(Small(resumed, epochs: 2), reporter).Run(stop.Token);
        Assert.True(first.Interrupted);
        Assert.Equal(new TrainingProgress(0, 3, 3, 0, 123), first.Progress);
        Assert.False(File.Exists(Path.Combine(resumed, "netG_epoch_0.pth")));

        var second = Train(Small(resumed, epochs: 2) with { Resume = resumed });
        Assert.False(second.Interrupted);
        Assert.Equal(7, second.Iterations);
        AssertSameRun(straight, resumed, epoch: 1);
    }

    static void AssertSameRun(string expectedFolder, string actualFolder, int epoch)
    {
        foreach (var file in new[] { $"netG_epoch_{epoch}.pth", $"netD_epoch_{epoch}.pth" })
        {
            var expected = StateDictFile.Read(Path.Combine(expectedFolder, file));
            var actual = StateDictFile.Read(Path.Combine(actualFolder, file));
            TensorAssert.StateDictsClose(expected, actual, 0, file);
        }
        using var a = TrainingCheckpoint.Load(Path.Combine(expectedFolder, CheckpointStore.LatestName));
        using var b = TrainingCheckpoint.Load(Path.Combine(actualFolder, CheckpointStore.LatestName));
        Assert.Equal(a.Progress, b.Progress);
        Assert.Equal(a.History, b.History);
        TensorAssert.Close(a.FixedNoise, b.FixedNoise, 0, "fixed noise");
        Assert.Equal(a.RngState.data<byte>().ToArray(), b.RngState.data<byte>().ToArray());
    }

    sealed class StopAt(int epoch, int iteration, CancellationTokenSource stop) : TextTrainingReporter(TextWriter.Null, TextWriter.Null)
    {
        public override void Iteration(IterationReport report)
        {
            if (report.Epoch == epoch && report.Iteration == iteration)
                stop.Cancel();
        }
    }
}
