using DcganSharp.Checkpoints;
using DcganSharp.Interop;
using DcganSharp.Runs;
using DcganSharp.Tests.Support;
using DcganSharp.Training;
using Xunit;

namespace DcganSharp.Tests.Runs;

/// <summary>A run stopped and resumed must end exactly where an uninterrupted run ends.</summary>
public sealed class ResumeTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("resume-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    // 40 fake images in batches of 8: 5 iterations per epoch.
    static DcganOptions Small(string outf, int epochs) => new()
    {
        Dataset = DatasetKind.Fake,
        FakeCount = 40,
        ImageSize = 16,
        GeneratorFeatures = 4,
        DiscriminatorFeatures = 4,
        LatentSize = 8,
        BatchSize = 8,
        Epochs = epochs,
        Seed = 123,
        Device = ComputeTarget.Cpu,
        OutputFolder = outf,
        SaveEvery = 0,
        SampleEvery = 2,
        // The quality recipe with every augmentation: the generator average and the augmentations'
        // random draws must continue exactly too.
        Augment = Augmentations.All,
    };

    // What `dcgan train --resume FOLDER` passes: nothing but the folder and the device, all else defaults.
    static DcganOptions ResumeOnly(string outf) => new() { Resume = outf, Device = ComputeTarget.Cpu };

    static TrainingResult Train(DcganOptions options, CancellationToken cancellation = default) =>
        new DcganTrainer(options, new TextTrainingReporter(TextWriter.Null, TextWriter.Null)).Run(cancellation);

    [Fact]
    public void Resuming_after_an_epoch_reproduces_the_uninterrupted_run_bit_for_bit()
    {
        var straight = Path.Combine(root, "straight");
        var resumed = Path.Combine(root, "resumed");
        Train(Small(straight, epochs: 2));
        Train(Small(resumed, epochs: 1));
        var result = Train(ResumeOnly(resumed) with { Epochs = 2, Explicit = new HashSet<string> { nameof(DcganOptions.Epochs) } });

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

        var second = Train(ResumeOnly(resumed));
        Assert.False(second.Interrupted);
        Assert.Equal(7, second.Iterations);
        AssertSameRun(straight, resumed, epoch: 1);
    }

    [Fact]
    public void A_resumed_run_keeps_its_settings_unless_they_are_given_again()
    {
        var folder = Path.Combine(root, "settings");
        var settings = Small(folder, epochs: 1) with
        {
            SaveEvery = 3,
            Keep = 1,
            OnDiverge = DivergencePolicy.Rollback,
            CollapsePatience = 7,
            CollapseMargin = 0.05,
            MaxRollbacks = 2,
            AllowTf32 = false,
        };
        Train(settings);
        var latest = Path.Combine(folder, CheckpointStore.LatestName);
        using var saved = TrainingCheckpoint.Load(latest);
        var flags = Flags();
        var (kept, keptRecipe, keptNotes) = ResumePlan.Merge(ResumeOnly(folder), saved.Config, latest, flags);
        // The recipe comes back whole from the checkpoint, not from the flags' defaults.
        var trained = TrainingRecipe.WithDefaults(settings);
        Assert.Equal(TrainingRecipe.Resolve(trained), keptRecipe);
        Assert.Equal(trained with { Resume = kept.Resume, Channels = 3, Augment = null }, kept with { Explicit = settings.Explicit });
        Assert.Empty(keptNotes);

        var given = ResumeOnly(folder) with
        {
            SampleEvery = 4,
            Keep = 5,
            Explicit = new HashSet<string> { nameof(DcganOptions.SampleEvery), nameof(DcganOptions.Keep) },
        };
        var (changed, _, notes) = ResumePlan.Merge(given, saved.Config, latest, flags);
        Assert.Equal((4, 5, 3, DivergencePolicy.Rollback), (changed.SampleEvery, changed.Keep, changed.SaveEvery, changed.OnDiverge));
        Assert.Equal(
            ["--sample-every 4 replaces the checkpoint's 2 (the resumed run will not repeat the original one exactly)", "--keep 5 replaces the checkpoint's 1"],
            notes);

        // Without names for them, notes name settings by their properties (as the library does).
        var (_, _, plainNotes) = ResumePlan.Merge(given, saved.Config, latest);
        Assert.Equal("DcganOptions.Keep = 5 replaces the checkpoint's 1", plainNotes[1]);
    }

    [Fact]
    public void Settings_that_would_change_the_data_or_the_seed_are_refused_naming_each()
    {
        var folder = Path.Combine(root, "refused");
        Train(Small(folder, epochs: 1));
        var latest = Path.Combine(folder, CheckpointStore.LatestName);
        using var saved = TrainingCheckpoint.Load(latest);
        var given = ResumeOnly(folder) with
        {
            FakeCount = 50,
            Seed = 7,
            Dataset = DatasetKind.Fake,
            Explicit = new HashSet<string> { nameof(DcganOptions.FakeCount), nameof(DcganOptions.Seed), nameof(DcganOptions.Dataset) },
        };

        var error = Assert.Throws<DcganException>(() => ResumePlan.Merge(given, saved.Config, latest, Flags()));
        Assert.Equal(2, error.ExitCode);
        // The same dataset given again is no conflict; another fake-count and seed are.
        Assert.StartsWith($"--manual-seed 7 (checkpoint: 123), --fake-count 50 (checkpoint: 40) contradict checkpoint '{latest}'", error.Message);
    }

    /// <summary>The names `dcgan train` gives the settings.</summary>
    static SettingNames Flags() => DcganSharp.Cli.Commands.TrainCommand.Flags;

    static void AssertSameRun(string expectedFolder, string actualFolder, int epoch)
    {
        foreach (var file in new[] { $"netG_epoch_{epoch}.pth", $"netD_epoch_{epoch}.pth", $"netG_ema_epoch_{epoch}.pth" })
        {
            Assert.True(File.Exists(Path.Combine(actualFolder, file)), file);
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
        Assert.NotNull(b.GeneratorAverage);
        TensorAssert.StateDictsClose(a.GeneratorAverage!, b.GeneratorAverage!, 0, "netG_ema");
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
