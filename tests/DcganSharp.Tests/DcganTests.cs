using DcganSharp.Tests.Data;
using DcganSharp.Tests.Support;
using DcganSharp.Training;
using SkiaSharp;
using TorchSharp;
using Xunit;

namespace DcganSharp.Tests;

/// <summary>The library's front door, used as a .NET program would: typed options in, a generator out.</summary>
public sealed class DcganTests
{
    static DcganOptions Tiny(string outf) => new()
    {
        Dataset = DatasetKind.Fake,
        FakeCount = 32,
        ImageSize = 16,
        BatchSize = 8,
        Epochs = 1,
        GeneratorFeatures = 8,
        DiscriminatorFeatures = 8,
        LatentSize = 12,
        Seed = 3,
        Device = ComputeTarget.Cpu,
        Workers = 0,
        OutputFolder = outf,
    };

    sealed class Recorder : IProgress<IterationReport>
    {
        public List<IterationReport> Reports { get; } = [];

        public void Report(IterationReport value) => Reports.Add(value);
    }

    [Fact]
    public void Trains_reports_every_iteration_and_returns_a_generator_that_samples_saves_and_reloads()
    {
        using var temp = new TempDirectory();
        var progress = new Recorder();
        var log = new List<string>();
        using var generator = Dcgan.Train(Tiny(temp.Combine("run")), progress, log: log.Add);

        Assert.Equal(4, progress.Reports.Count);
        Assert.Equal([0, 1, 2, 3], progress.Reports.Select(r => r.Iteration));
        Assert.Contains(log, line => line.StartsWith("Random Seed: 3", StringComparison.Ordinal));
        Assert.Equal((16, 3, 12, 3, 4L), (generator.ImageSize, generator.Channels, generator.LatentSize, generator.Seed!.Value, generator.Iterations!.Value));
        Assert.Equal(Path.Combine(temp.Combine("run"), "checkpoint.pt"), generator.WeightsPath); // its netG_ema
        Assert.True(File.Exists(Path.Combine(generator.RunFolder, "netG_epoch_0.pth")));

        using var images = generator.Sample(5, seed: 7);
        Assert.Equal(new long[] { 5, 3, 16, 16 }, images.shape);
        Assert.True(images.abs().max().item<float>() <= 1f);
        // Image i of a seed does not depend on how many were asked for.
        using var first = generator.Sample(1, seed: 7);
        Assert.True(first[0].allclose(images[0], rtol: 0, atol: 1e-5)); // up to float rounding: other batch shapes, other kernels

        var weights = temp.Combine("netG.pth");
        generator.Save(weights);
        using var reloaded = Dcgan.LoadGenerator(weights);
        using var again = reloaded.Sample(5, seed: 7);
        Assert.True(again.allclose(images, rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void Writes_pngs_grids_and_interpolations()
    {
        using var temp = new TempDirectory();
        using var generator = Dcgan.Train(Tiny(temp.Combine("run")));

        var grid = temp.Combine("grid.png");
        generator.SaveGrid(grid, count: 6, imagesPerRow: 3);
        using (var decoded = SKBitmap.Decode(grid))
            Assert.Equal((3 * 18 + 2, 2 * 18 + 2), (decoded.Width, decoded.Height));

        var pngs = generator.SamplePngs(3, seed: 1);
        using (var one = SKBitmap.Decode(pngs[2]))
            Assert.Equal((16, 16), (one.Width, one.Height));
        var files = generator.SaveImages(temp.Combine("samples"), 3, seed: 1);
        Assert.Equal(pngs, files.Select(File.ReadAllBytes));

        using var walk = generator.Interpolate(fromSeed: 1, toSeed: 2, steps: 4);
        Assert.Equal(new long[] { 4, 3, 16, 16 }, walk.shape);
        using var start = generator.Sample(1, seed: 1);
        using var end = generator.Sample(1, seed: 2);
        Assert.True(walk[0].allclose(start[0], atol: 1e-5) && walk[3].allclose(end[0], atol: 1e-5));
        Assert.False(walk[1].allclose(walk[2], atol: 1e-3));
    }

    [Fact]
    public void Cancelling_throws_after_saving_a_checkpoint_that_resumes()
    {
        using var temp = new TempDirectory();
        using var cancel = new CancellationTokenSource();
        var stopping = new Progress(report => { if (report.Iteration == 1) cancel.Cancel(); });

        var error = Assert.Throws<OperationCanceledException>(() => Dcgan.Train(Tiny(temp.Combine("run")) with { Epochs = 2 }, stopping, cancel.Token));
        Assert.Contains("checkpoint", error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(temp.Combine("run", "checkpoint.pt")));
    }

    sealed class Progress(Action<IterationReport> onReport) : IProgress<IterationReport>
    {
        public void Report(IterationReport value) => onReport(value);
    }

    [Theory]
    [InlineData(RecipeName.Quality, 32, 32)]
    [InlineData(RecipeName.Reference, 64, 64)]
    public void Unset_sizes_take_the_recipe_s_defaults(RecipeName recipe, int batchSize, int ndf)
    {
        var options = TrainingRecipe.WithDefaults(Tiny("unused") with { Recipe = recipe, BatchSize = null, DiscriminatorFeatures = null });
        Assert.Equal((batchSize, ndf), (options.BatchSize, options.DiscriminatorFeatures));
        Assert.Equal(8, options.GeneratorFeatures); // G keeps the width it was given
    }

    [Theory]
    [MemberData(nameof(BadSettings.Values), MemberType = typeof(BadSettings))]
    public void Every_value_a_setting_s_rule_refuses_is_an_argument_exception_naming_the_property(string property, object value)
    {
        var options = Tiny("unused") with { };
        typeof(DcganOptions).GetProperty(property)!.SetValue(options, value);

        var error = Assert.ThrowsAny<ArgumentException>(() => Dcgan.Train(options));

        Assert.Equal(property, error.ParamName);
        Assert.StartsWith($"DcganOptions.{property} ", error.Message, StringComparison.Ordinal);
        AssertSpeaksInProperties(error.Message);
        Assert.False(Directory.Exists("unused"));
    }

    [Fact]
    public void The_sweep_covers_every_declared_rule()
    {
        var swept = BadSettings.Values().Select(row => (string)row[0]).ToHashSet();
        var unswept = DcganSharp.Runs.TrainingOptionsValidator.Rules.Select(r => r.Property.Name).Where(p => !swept.Contains(p)).ToList();
        Assert.True(unswept.Count == 0, $"no bad value in {nameof(BadSettings)} for {string.Join(", ", unswept)}");
    }

    public static TheoryData<string> Contradictions() => [.. ContradictionCases.Keys];

    static readonly Dictionary<string, (Func<TempDirectory, DcganOptions> Options, string Property, string Says)> ContradictionCases = new()
    {
        ["no dataset"] = (t => Tiny(t.Combine("run")) with { Dataset = null }, nameof(DcganOptions.Dataset),
            "DcganOptions.Dataset is required: DatasetKind.Mnist, DatasetKind.FashionMnist, DatasetKind.Cifar10, DatasetKind.Folder, DatasetKind.CelebA or DatasetKind.Fake (or DcganOptions.Resume a run)"),
        ["no data root"] = (t => Tiny(t.Combine("run")) with { Dataset = DatasetKind.Mnist }, nameof(DcganOptions.DataRoot),
            "DcganOptions.DataRoot is required for DcganOptions.Dataset = DatasetKind.Mnist"),
        ["a device index off CUDA"] = (t => Tiny(t.Combine("run")) with { DeviceIndex = 0 }, nameof(DcganOptions.DeviceIndex),
            "DcganOptions.DeviceIndex applies to DcganOptions.Device = ComputeTarget.Cuda only"),
        ["measuring without a feature network"] = (t => Tiny(t.Combine("run")) with { EvalEvery = 10, Channels = 1 }, nameof(DcganOptions.EvalFeatures),
            "DcganOptions.EvalEvery on gray images needs DcganOptions.EvalFeatures FILE"),
        ["a CelebA crop of other data"] = (t => Tiny(t.Combine("run")) with { CelebaCrop = 50 }, nameof(DcganOptions.CelebaCrop),
            "DcganOptions.CelebaCrop applies to DcganOptions.Dataset = DatasetKind.CelebA only, not DatasetKind.Fake"),
        ["a split of data without splits"] = (t => Tiny(t.Combine("run")) with { Split = DataSplit.Test }, nameof(DcganOptions.Split),
            "DcganOptions.Split applies to DcganOptions.Dataset DatasetKind.CelebA and DatasetKind.Cifar10; DatasetKind.Fake trains on its training set"),
        ["CIFAR-10's validation split"] = (t => Tiny(t.Combine("run")) with { Dataset = DatasetKind.Cifar10, DataRoot = t.Path, Split = DataSplit.Valid },
            nameof(DcganOptions.Split), "CIFAR-10 has no DataSplit.Valid split; use DcganOptions.Split DataSplit.Train, DataSplit.Test or DataSplit.All"),
        ["colour MNIST"] = (t => Tiny(t.Combine("run")) with { Dataset = DatasetKind.Mnist, DataRoot = t.Path, Channels = 3 }, nameof(DcganOptions.Channels),
            "MNIST is grayscale: DcganOptions.Channels = 3 is not possible; drop DcganOptions.Channels"),
        ["a generator too wide for its size"] = (t => Tiny(t.Combine("run")) with { ImageSize = 256, GeneratorFeatures = 4096 }, nameof(DcganOptions.GeneratorFeatures),
            "DcganOptions.GeneratorFeatures = 4096 is too large for 256x256: its widest layer would have 131072 channels, more than 65536"),
        ["resuming what does not exist"] = (t => new DcganOptions { Resume = t.Combine("nothing") }, nameof(DcganOptions.Resume),
            "does not exist; give a run's DcganOptions.OutputFolder folder or a checkpoint file"),
        ["resuming a folder without checkpoints"] = (t => new DcganOptions { Resume = t.Path }, nameof(DcganOptions.Resume),
            "holds no checkpoint (checkpoint.pt or checkpoint-epoch-N.pt)"),
    };

    [Theory]
    [MemberData(nameof(Contradictions))]
    public void Settings_that_contradict_each_other_or_the_data_are_argument_exceptions_naming_the_property(string contradiction)
    {
        using var temp = new TempDirectory();
        var (options, property, says) = ContradictionCases[contradiction];

        var error = Assert.ThrowsAny<ArgumentException>(() => Dcgan.Train(options(temp) with { Download = false }));

        Assert.Equal(property, error.ParamName);
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
        AssertSpeaksInProperties(error.Message);
        Assert.False(File.Exists(temp.Combine("run", "checkpoint.pt")));
    }

    [SkippableFact]
    public void Without_a_GPU_CUDA_is_an_argument_exception_naming_the_device()
    {
        Skip.If(torch.cuda.is_available(), "a CUDA device is usable here");
        using var temp = new TempDirectory();

        var train = Assert.ThrowsAny<ArgumentException>(() => Dcgan.Train(Tiny(temp.Path) with { Device = ComputeTarget.Cuda }));
        Assert.Equal(nameof(DcganOptions.Device), train.ParamName);
        Assert.StartsWith("DcganOptions.Device = ComputeTarget.Cuda: no CUDA device is usable", train.Message, StringComparison.Ordinal);
        Assert.Contains("or use DcganOptions.Device = ComputeTarget.Cpu", train.Message, StringComparison.Ordinal);
        AssertSpeaksInProperties(train.Message);

        var index = Assert.ThrowsAny<ArgumentException>(() => Dcgan.Train(Tiny(temp.Path) with { Device = ComputeTarget.Cuda, DeviceIndex = 3 }));
        Assert.Equal(nameof(DcganOptions.DeviceIndex), index.ParamName);
        Assert.StartsWith("DcganOptions.DeviceIndex = 3: no such CUDA device", index.Message, StringComparison.Ordinal);

        var load = Assert.ThrowsAny<ArgumentException>(() => Dcgan.LoadGenerator("netG.pth", ComputeTarget.Cuda));
        Assert.Equal("device", load.ParamName);
        Assert.StartsWith("device = ComputeTarget.Cuda: no CUDA device is usable", load.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("--", load.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_or_unusable_data_and_weights_are_errors_naming_the_property_that_pointed_there()
    {
        using var temp = new TempDirectory();
        var run = temp.Combine("run");
        string Fails(DcganOptions options)
        {
            var error = Assert.Throws<DcganException>(() => Dcgan.Train(options));
            AssertSpeaksInProperties(error.Message);
            return error.Message;
        }

        Assert.Contains("point DcganOptions.DataRoot at a folder of images",
            Fails(Tiny(run) with { Dataset = DatasetKind.Folder, DataRoot = temp.Combine("no-such-folder") }), StringComparison.Ordinal);

        var broken = temp.Folder("broken");
        File.WriteAllBytes(Path.Combine(broken, "a.png"), [1, 2, 3, 4]);
        File.WriteAllBytes(Path.Combine(broken, "b.png"), [5, 6, 7, 8]);
        Assert.Contains("point DcganOptions.DataRoot at another folder", Fails(Tiny(run) with { Dataset = DatasetKind.Folder, DataRoot = broken }), StringComparison.Ordinal);

        Assert.Contains("or DcganOptions.Download = true to let dcgan fetch it",
            Fails(Tiny(run) with { Dataset = DatasetKind.Cifar10, DataRoot = temp.Folder("empty"), Download = false }), StringComparison.Ordinal);

        Assert.StartsWith("DcganOptions.GeneratorWeights '", Fails(Tiny(run) with { GeneratorWeights = temp.Combine("netG.pth") }), StringComparison.Ordinal);

        var file = temp.Combine("a-file");
        File.WriteAllText(file, "not a folder");
        Assert.StartsWith($"DcganOptions.OutputFolder '{file}' is a file", Fails(Tiny(file)), StringComparison.Ordinal);

        using (var wide = Dcgan.Train(Tiny(temp.Combine("wide")) with { GeneratorFeatures = 16 }))
            wide.Save(temp.Combine("wide.pth"));
        Assert.Contains("check DcganOptions.ImageSize, DcganOptions.LatentSize, DcganOptions.GeneratorFeatures/DcganOptions.DiscriminatorFeatures and the channel count",
            Fails(Tiny(run) with { GeneratorWeights = temp.Combine("wide.pth") }), StringComparison.Ordinal);

        Directory.CreateDirectory(run);
        using (DcganSharp.Runs.RunLock.Acquire(Path.GetFullPath(run), SettingNames.Library))
            Assert.EndsWith("or choose another DcganOptions.OutputFolder", Fails(Tiny(run)), StringComparison.Ordinal);
    }

    [Fact]
    public void Divergence_errors_advise_in_properties()
    {
        using var temp = new TempDirectory();
        // D(x) at least 0.01 and D(G(z)) at most 0.99 holds from the first step: a collapse after one iteration.
        var collapsing = Tiny(temp.Combine("stop")) with { CollapsePatience = 1, CollapseMargin = 0.99 };

        var stopped = Assert.Throws<DcganException>(() => Dcgan.Train(collapsing));
        Assert.Contains("rerun with DcganOptions.OnDiverge = DivergencePolicy.Rollback", stopped.Message, StringComparison.Ordinal);
        AssertSpeaksInProperties(stopped.Message);

        var gaveUp = Assert.Throws<DcganException>(() => Dcgan.Train(collapsing with { OutputFolder = temp.Combine("rollback"), OnDiverge = DivergencePolicy.Rollback, MaxRollbacks = 0 }));
        Assert.Contains("try a lower DcganOptions.LearningRate or smaller DcganOptions.DiscriminatorFeatures", gaveUp.Message, StringComparison.Ordinal);
        AssertSpeaksInProperties(gaveUp.Message);
    }

    [Fact]
    public void A_run_resumes_from_code_keeping_its_settings_and_its_messages_name_properties()
    {
        using var temp = new TempDirectory();
        var run = temp.Combine("run");
        using (Dcgan.Train(Tiny(run)))
        {
        }

        // Settings left at their defaults keep the run's; those set elsewhere replace them.
        var log = new List<string>();
        using (var resumed = Dcgan.Train(new DcganOptions { Resume = run, Epochs = 2, Device = ComputeTarget.Cpu, Workers = 0 }, log: log.Add))
        {
            Assert.Equal((16, 12, 3, 4L), (resumed.ImageSize, resumed.LatentSize, resumed.Seed!.Value, resumed.Iterations!.Value));
        }
        Assert.Contains("DcganOptions.Epochs = 2 replaces the checkpoint's 1", log);
        log.Clear();
        using (Dcgan.Train(new DcganOptions { Resume = run, Epochs = 2, Device = ComputeTarget.Cpu }, log: log.Add))
        {
        }
        Assert.Contains(log, line => line.EndsWith("resume with DcganOptions.Epochs = 7 (say) to train further", StringComparison.Ordinal));

        var refused = Assert.Throws<DcganException>(() => Dcgan.Train(new DcganOptions { Resume = run, Seed = 99 }));
        Assert.StartsWith("DcganOptions.Seed = 99 (checkpoint: 3) contradicts checkpoint", refused.Message, StringComparison.Ordinal);
        var resized = Assert.Throws<DcganException>(() => Dcgan.Train(new DcganOptions { Resume = run, ImageSize = 32 }));
        Assert.StartsWith("DcganOptions.ImageSize = 32 (checkpoint: 16) contradicts checkpoint", resized.Message, StringComparison.Ordinal);
        var weights = Assert.Throws<DcganException>(() => Dcgan.Train(new DcganOptions { Resume = Path.Combine(run, "netG_epoch_1.pth") }));
        Assert.EndsWith("start from weights with DcganOptions.GeneratorWeights/DcganOptions.DiscriminatorWeights instead of DcganOptions.Resume", weights.Message, StringComparison.Ordinal);

        // A damaged checkpoint names the last good one, and how to resume from it.
        File.WriteAllBytes(Path.Combine(run, "checkpoint.pt"), [.. File.ReadAllBytes(Path.Combine(run, "checkpoint.pt")).Take(100)]);
        var damaged = Assert.Throws<DcganException>(() => Dcgan.Train(new DcganOptions { Resume = run }));
        Assert.Contains($"resume with DcganOptions.Resume = {Path.Combine(run, "checkpoint-epoch-1.pt")}", damaged.Message, StringComparison.Ordinal);
        foreach (var message in new[] { refused.Message, resized.Message, weights.Message, damaged.Message })
            AssertSpeaksInProperties(message);
    }

    /// <summary>
    /// A library message names settings as <see cref="DcganOptions"/> properties, never as flags
    /// (a quoted command to run, such as 'dcgan evaluate train-features ...', aside).
    /// </summary>
    static void AssertSpeaksInProperties(string message)
    {
        Assert.Contains("DcganOptions.", message, StringComparison.Ordinal);
        var prose = System.Text.RegularExpressions.Regex.Replace(message, "'dcgan [^']*'", "");
        Assert.DoesNotContain(" --", prose, StringComparison.Ordinal);
        Assert.DoesNotContain("(--", prose, StringComparison.Ordinal);
    }

    [Fact]
    public void The_trainer_s_own_errors_name_options_properties_not_flags()
    {
        using var temp = new TempDirectory();
        using (Dcgan.Train(Tiny(temp.Combine("run"))))
        {
        }

        var error = Assert.Throws<DcganException>(() => Dcgan.Train(Tiny(temp.Combine("run"))));
        Assert.Contains("DcganOptions.OutputFolder", error.Message);
        Assert.Contains("DcganOptions.Overwrite", error.Message);
        Assert.DoesNotContain("--", error.Message);
        using var replaced = Dcgan.Train(Tiny(temp.Combine("run")) with { Overwrite = true });
        Assert.Equal(4L, replaced.Iterations);
    }

    [Fact]
    public void Loading_a_missing_file_names_it()
    {
        var error = Assert.Throws<DcganException>(() => Dcgan.LoadGenerator("/nonexistent/netG.pth"));
        Assert.Contains("/nonexistent/netG.pth", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encodes_tensors_as_pngs_and_rejects_wrong_shapes()
    {
        using var images = torch.zeros(2, 1, 8, 8);
        using (var grid = SKBitmap.Decode(Dcgan.EncodeGridPng(images, imagesPerRow: 2)))
            Assert.Equal((2 * 10 + 2, 12), (grid.Width, grid.Height));
        using (var one = SKBitmap.Decode(Dcgan.EncodePng(images[0])))
            Assert.Equal(128, one.GetPixel(3, 3).Red); // 0 in [-1, 1] is mid-grey
        Assert.Throws<ArgumentException>(() => Dcgan.EncodeGridPng(torch.zeros(8, 8)));
        Assert.Throws<ArgumentException>(() => Dcgan.EncodePng(images));
    }
}
