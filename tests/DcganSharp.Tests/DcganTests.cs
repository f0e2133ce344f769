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
        var options = LibraryOptions.ToTrainingOptions(Tiny("unused") with { Recipe = recipe, BatchSize = null, DiscriminatorFeatures = null });
        Assert.Equal((batchSize, ndf), (options.BatchSize, options.DiscriminatorFeatures));
        Assert.Equal(8, options.GeneratorFeatures); // G keeps the width it was given
    }

    [Theory]
    [InlineData(nameof(DcganOptions.ImageSize))]
    [InlineData(nameof(DcganOptions.BatchSize))]
    [InlineData(nameof(DcganOptions.LearningRate))]
    [InlineData(nameof(DcganOptions.DataRoot))]
    [InlineData(nameof(DcganOptions.Dataset))]
    public void Bad_options_are_argument_exceptions_naming_the_property(string property)
    {
        var options = Tiny("unused");
        options = property switch
        {
            nameof(DcganOptions.ImageSize) => options with { ImageSize = 17 },
            nameof(DcganOptions.BatchSize) => options with { BatchSize = 1 },
            nameof(DcganOptions.LearningRate) => options with { LearningRate = double.NaN },
            nameof(DcganOptions.DataRoot) => options with { Dataset = DatasetKind.Mnist },
            _ => options with { Dataset = (DatasetKind)42 },
        };
        var error = Assert.ThrowsAny<ArgumentException>(() => Dcgan.Train(options));
        Assert.Equal(property, error.ParamName);
        Assert.StartsWith($"DcganOptions.{property} ", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists("unused"));
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
