using DcganSharp.Data;
using DcganSharp.Evaluation;
using DcganSharp.Models;
using DcganSharp.Reporting;
using DcganSharp.Tests.Support;
using SkiaSharp;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Evaluation;

/// <summary>The training-time probe and what it writes: fid.csv and fid.png.</summary>
public sealed class QualityProbeTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("quality-probe-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static QualityProbe SmallProbe()
    {
        manual_seed(4);
        var info = new FeatureNetInfo { Dataset = "fake", Classes = ["a", "b", "c"], Outputs = 3, Channels = 1, InputSize = 28, FeatureSize = 128, Width = 4 };
        var features = new LeNetFeatures(new LeNetClassifier(1, 28, 3, width: 4), info, "random", CPU);
        using var real = new FakeImageDataset(300, channels: 1, imageSize: 28, seed: 5);
        using var realFeatures = FeatureExtraction.OfDataset(features, real);
        return new QualityProbe(features, RealReference.Of(realFeatures, 3, "fake"));
    }

    [Fact]
    public void Measures_a_training_generator_repeatably_and_leaves_its_mode_alone()
    {
        using var threads = new TorchThreads();
        using var probe = SmallProbe();
        using var generator = TinyNetworks.Generator(new DcganArchitecture(28, 1, 8, 4, 4));
        generator.train();

        var first = probe.Measure(generator, 120, CPU);
        var second = probe.Measure(generator, 120, CPU);

        Assert.True(generator.training);
        Assert.Equal(120, first.Samples);
        Assert.True(double.IsFinite(first.Fid) && first.Fid > 0);
        // The same codes every time: an unchanged generator measures the same.
        Assert.Equal(first.Fid, second.Fid, 9);
        Assert.Equal(120, first.Coverage!.Counts.Sum());
        Assert.Equal(QualityProbe.ProbeKidSubsets, first.Kid.Subsets);
    }

    [Fact]
    public void Measuring_does_not_touch_the_global_random_stream_so_resumed_runs_stay_exact()
    {
        using var threads = new TorchThreads();
        using var probe = SmallProbe();
        using var generator = TinyNetworks.Generator(new DcganArchitecture(28, 1, 8, 4, 4));
        using var scope = NewDisposeScope();

        manual_seed(99);
        var expected = randn(5);
        manual_seed(99);
        probe.Measure(generator, 50, CPU);
        var actual = randn(5);

        Assert.True(expected.equal(actual).all().item<bool>());
    }

    [Fact]
    public void Quality_csv_appends_reads_back_and_drops_redone_rows_on_resume()
    {
        var path = Path.Combine(folder, QualityCsv.FileName);
        var result = new QualityResult(1000, 12.5, new KidResult(0.01, 0.001, 10, 1000), 0.7, double.NaN, null, null, 3.2);
        using (var csv = new QualityCsv(path, "FID-ResNet18"))
        {
            csv.Append(100, 0, result);
            csv.Append(200, 0, result with { Fid = 9.25 });
            csv.Append(300, 1, result with { Fid = 7.0 });
        }
        Assert.Equal([(100L, 12.5), (200L, 9.25), (300L, 7.0)], QualityCsv.ReadFid(path));
        Assert.StartsWith(QualityCsv.Header + "\n100,0,1000,12.5,0.01,0.001,0.7,NaN,,,3.200,", File.ReadAllText(path));
        Assert.EndsWith(",judge", QualityCsv.Header);
        Assert.All(File.ReadAllLines(path).Skip(1), line => Assert.EndsWith(",FID-ResNet18", line));

        // Resuming from a checkpoint at step 200: rows from 200 on are redone, so they go.
        using (var resumed = new QualityCsv(path, "FID-ResNet18", discardFromStep: 200))
            resumed.Append(200, 0, result with { Fid = 9.5 });
        Assert.Equal([(100L, 12.5), (200L, 9.5)], QualityCsv.ReadFid(path));

        // Rows of another judge are a different measure: left out when reading one judge's.
        using (var other = new QualityCsv(path, "FID-LeNet"))
            other.Append(400, 1, result with { Fid = 3.0 });
        Assert.Equal([(100L, 12.5), (200L, 9.5)], QualityCsv.ReadFid(path, "FID-ResNet18"));
        Assert.Equal([(400L, 3.0)], QualityCsv.ReadFid(path, "FID-LeNet"));
    }

    [Fact]
    public void A_quality_csv_from_before_the_judge_column_gains_it_when_a_run_appends()
    {
        var path = Path.Combine(folder, QualityCsv.FileName);
        File.WriteAllText(path, QualityCsv.LegacyHeader + "\n100,0,1000,12.5,0.01,0.001,0.7,0.5,,,3.200,1700000000.000\n");
        Assert.Equal([(100L, 12.5)], QualityCsv.ReadFid(path));

        using (var csv = new QualityCsv(path, "FID-LeNet"))
            csv.Append(200, 0, new QualityResult(1000, 9.0, new KidResult(0.01, 0.001, 10, 1000), 0.7, 0.5, null, null, 3.2));

        var lines = File.ReadAllLines(path);
        Assert.Equal(QualityCsv.Header, lines[0]);
        Assert.EndsWith("1700000000.000,", lines[1]);
        Assert.EndsWith(",FID-LeNet", lines[2]);
        Assert.Equal([(100L, 12.5), (200L, 9.0)], QualityCsv.ReadFid(path, "FID-LeNet"));
    }

    [Fact]
    public void Fid_plot_renders_a_png_of_the_requested_size_even_with_a_diverged_point()
    {
        var path = Path.Combine(folder, FidPlot.FileName);
        FidPlot.Write([(100, 80.0), (200, 41.5), (300, double.NaN), (400, 30.25)], path, "FID-ResNet18", 640, 400);

        using var image = SKBitmap.Decode(path);
        Assert.Equal((640, 400), (image.Width, image.Height));
        Assert.NotEmpty(FidPlot.Render([], "FID-ResNet18", 300, 300));
    }
}
