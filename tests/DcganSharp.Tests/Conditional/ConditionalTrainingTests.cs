using DcganSharp.Checkpoints;
using DcganSharp.Data;
using DcganSharp.Interop;
using DcganSharp.Runs;
using DcganSharp.Tests.Support;
using DcganSharp.Training;
using SkiaSharp;
using Xunit;

namespace DcganSharp.Tests.Conditional;

/// <summary>`dcgan train --conditional`: labelled data in, class names kept, exact resume, and one clear error for unlabelled data.</summary>
public sealed class ConditionalTrainingTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("conditional-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    // 40 MNIST-format digits (labels 0-9 in turn) in batches of 8: 5 iterations per epoch.
    DcganOptions Small(string outf, int epochs)
    {
        var data = Path.Combine(root, "mnist");
        if (!Directory.Exists(data))
        {
            Directory.CreateDirectory(data);
            IdxFixtures.WritePair(data, MnistSplit.Train, count: 40);
        }
        return new()
        {
            Dataset = DatasetKind.Mnist,
            DataRoot = data,
            Download = false,
            Conditional = true,
            ImageSize = 16,
            GeneratorFeatures = 4,
            DiscriminatorFeatures = 4,
            LatentSize = 8,
            BatchSize = 8,
            Epochs = epochs,
            Seed = 7,
            Device = ComputeTarget.Cpu,
            OutputFolder = outf,
            SaveEvery = 0,
            SampleEvery = 2,
            Workers = 0,
        };
    }

    static TrainingResult Train(DcganOptions options, CancellationToken cancellation = default) =>
        new DcganTrainer(options, new TextTrainingReporter(TextWriter.Null, TextWriter.Null)).Run(cancellation);

    [Fact]
    public void Resuming_a_conditional_run_reproduces_the_uninterrupted_run_bit_for_bit()
    {
        var straight = Path.Combine(root, "straight");
        var resumed = Path.Combine(root, "resumed");
        Train(Small(straight, epochs: 2));

        using var stop = new CancellationTokenSource();
        var first = new DcganTrainer(Small(resumed, epochs: 2), new StopAt(epoch: 0, iteration: 2, stop)).Run(stop.Token);
        Assert.True(first.Interrupted);
        Train(new DcganOptions { Resume = resumed, Device = ComputeTarget.Cpu });

        foreach (var file in new[] { "netG_epoch_1.pth", "netD_epoch_1.pth", "netG_ema_epoch_1.pth" })
        {
            var expected = StateDictFile.Read(Path.Combine(straight, file));
            var actual = StateDictFile.Read(Path.Combine(resumed, file));
            Assert.Contains("embed.weight", actual.Keys);
            TensorAssert.StateDictsClose(expected, actual, 0, file);
        }
        using var a = TrainingCheckpoint.Load(Path.Combine(straight, CheckpointStore.LatestName));
        using var b = TrainingCheckpoint.Load(Path.Combine(resumed, CheckpointStore.LatestName));
        Assert.Equal(a.History, b.History);
        Assert.Equal(a.RngState.data<byte>().ToArray(), b.RngState.data<byte>().ToArray());
    }

    [Fact]
    public void Class_names_round_trip_through_checkpoints_weights_and_the_library()
    {
        var outf = Path.Combine(root, "run");
        Train(Small(outf, epochs: 1));
        var digits = Enumerable.Range(0, 10).Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        using (var checkpoint = TrainingCheckpoint.Load(Path.Combine(outf, CheckpointStore.LatestName)))
        {
            Assert.True(checkpoint.Config.Options.Conditional);
            Assert.Equal(digits, checkpoint.Config.ClassNames);
            Assert.Equal(10, checkpoint.Config.Architecture.Classes);
        }
        Assert.Equal(digits, ClassNamesFile.For(Path.Combine(outf, "netG_epoch_0.pth"), 10));

        using var generator = Dcgan.LoadGenerator(outf);
        Assert.Equal(digits, generator.ClassNames);
        using var sevens = generator.Sample(4, seed: 3, label: "7");
        using var threes = generator.Sample(4, seed: 3, label: "3");
        using var mixed = generator.Sample(8, seed: 3);
        Assert.True((sevens - threes).abs().max().item<float>() > 1e-4f, "class 7 and class 3 drew the same images");
        // Image 3 of the mixed stream is of class 3 (every class in turn), with the same code.
        TensorAssert.Close(threes[3], mixed[3], 1e-6, "image 3");

        var error = Assert.Throws<DcganException>(() => generator.Sample(1, 0, "eleven"));
        Assert.Contains("'eleven' is not a class", error.Message);
        Assert.Contains("0, 1, 2, 3, 4, 5, 6, 7, 8, 9", error.Message);
        Assert.Throws<DcganException>(() => generator.Sample(1, 0, "10"));
    }

    [Fact]
    public void The_command_line_samples_by_class_and_refuses_bad_classes_in_one_line()
    {
        var outf = Path.Combine(root, "run");
        Train(Small(outf, epochs: 1));
        var grid = Path.Combine(root, "classes.png");
        var result = CliRunner.Run("sample", outf, "--class-grid", "--class", "3,7", "--per-row", "5", "--grid", grid, "--seed", "1");
        Assert.True(result.ExitCode == 0, result.ToString());
        using (var bitmap = SKBitmap.Decode(grid))
        {
            // Two rows of five 16x16 images with 2-pixel padding.
            Assert.Equal(2 + 5 * 18, bitmap.Width);
            Assert.Equal(2 + 2 * 18, bitmap.Height);
        }

        // A walk keeps to the class asked for: the same two codes walked as a 3 and as a 7 differ.
        var walks = new List<byte[]>();
        foreach (var label in new[] { "3", "7", "3" })
        {
            var walkGrid = Path.Combine(root, $"walk-{walks.Count}.png");
            var walk = CliRunner.Run("interpolate", outf, "--seeds", "1,2", "--steps", "4", "--class", label, "--grid", walkGrid, "--animation", Path.Combine(root, $"walk-{walks.Count}.gif"));
            Assert.True(walk.ExitCode == 0, walk.ToString());
            walks.Add(File.ReadAllBytes(walkGrid));
        }
        Assert.NotEqual(walks[0], walks[1]);
        Assert.Equal(walks[0], walks[2]);

        CliRunner.Run("sample", outf, "--class", "eleven").AssertOneLineError(2, "'eleven' is not a class");
        CliRunner.Run("sample", outf, "--class", "12").AssertOneLineError(2, "a number from 0 to 9");

        var plain = Path.Combine(root, "plain");
        Train(Small(plain, epochs: 1) with { Conditional = false });
        CliRunner.Run("sample", plain, "--class", "7").AssertOneLineError(2, "needs a class-conditional generator");
    }

    [Fact]
    public void Unlabelled_data_is_one_error_that_names_the_fix()
    {
        var fake = Small(Path.Combine(root, "fake"), 1) with { Dataset = DatasetKind.Fake, DataRoot = null, FakeCount = 16 };
        var error = Assert.Throws<DcganException>(() => Train(fake));
        Assert.Contains("DcganOptions.Conditional needs labelled data", error.Message);

        var flat = Path.Combine(root, "flat");
        Directory.CreateDirectory(flat);
        for (var i = 0; i < 4; i++)
            ImageFixtures.HalvesFile(Path.Combine(flat, $"{i}.png"), 20, 20, ImageFixtures.Red, ImageFixtures.Blue);
        var folder = Small(Path.Combine(root, "folder-run"), 1) with { Dataset = DatasetKind.Folder, DataRoot = flat, Channels = 3 };
        error = Assert.Throws<DcganException>(() => Train(folder));
        Assert.Contains($"one subfolder per class in '{flat}'", error.Message);
        Assert.Contains("move the images into one subfolder per class", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_folder_of_class_subfolders_trains_with_their_names_as_classes()
    {
        var data = Path.Combine(root, "pets");
        foreach (var (name, color) in new[] { ("dogs", ImageFixtures.Red), ("cats", ImageFixtures.Blue) })
        {
            Directory.CreateDirectory(Path.Combine(data, name, "deeper"));
            for (var i = 0; i < 4; i++)
                ImageFixtures.HalvesFile(Path.Combine(data, name, i == 0 ? "deeper" : "", $"{i}.png"), 20, 20, color, ImageFixtures.Green);
        }
        var outf = Path.Combine(root, "pets-run");
        Train(Small(outf, 1) with { Dataset = DatasetKind.Folder, DataRoot = data, Channels = 3 });
        using var generator = Dcgan.LoadGenerator(outf);
        // Sorted as torchvision's ImageFolder sorts them.
        Assert.Equal(["cats", "dogs"], generator.ClassNames);
        using var dogs = generator.Sample(2, 0, "DOGS");
        Assert.Equal(2, dogs.shape[0]);
    }

    [Fact]
    public void Conditional_cannot_be_changed_on_resume()
    {
        var outf = Path.Combine(root, "run");
        Train(Small(outf, epochs: 1) with { Conditional = false });
        var error = Assert.Throws<DcganException>(() => Train(new DcganOptions
        {
            Resume = outf,
            Device = ComputeTarget.Cpu,
            Conditional = true,
            Explicit = new HashSet<string> { nameof(DcganOptions.Conditional) },
        }));
        Assert.Contains("DcganOptions.Conditional", error.Message);
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
