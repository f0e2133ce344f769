using DcganSharp.Reporting;
using DcganSharp.Training;
using ImageMagick;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Reporting;

public sealed class TrainingVisualsTests : IDisposable
{
    readonly string outf = Directory.CreateTempSubdirectory("visuals-").FullName;

    public void Dispose() => Directory.Delete(outf, recursive: true);

    static IterationReport Report(int epoch, int iteration) =>
        new(epoch, 3, iteration, 2, new StepStatistics(1 + iteration, 2, 0.5f, 0.4f, 0.3f), 10, TimeSpan.Zero);

    [Fact]
    public void A_run_interrupted_and_resumed_ends_with_complete_outputs()
    {
        using var grid = full(new long[] { 10, 10, 3 }, (byte)90, dtype: uint8);
        using (var first = new TrainingVisuals(outf, Path.Combine(outf, "runs")))
        {
            first.Iteration(Report(0, 0));
            first.Iteration(Report(0, 1));
            first.EpochEnd(0, 2, grid);
            first.Iteration(Report(1, 0)); // lost with the interruption: no checkpoint after it
        }
        using (var resumed = new TrainingVisuals(outf, Path.Combine(outf, "runs"), resumeFromStep: 2))
        {
            for (var epoch = 1; epoch < 3; epoch++)
            {
                resumed.Iteration(Report(epoch, 0));
                resumed.Iteration(Report(epoch, 1));
                resumed.EpochEnd(epoch, 2 * epoch + 2, grid);
            }
        }

        Assert.Equal([0L, 1, 2, 3, 4, 5], TrainingHistory.Read(Path.Combine(outf, MetricsCsv.FileName)).Rows.Select(r => r.GlobalStep));
        using var gif = new MagickImageCollection(Path.Combine(outf, ProgressAnimation.FileName));
        Assert.Equal(3, gif.Count);
        Assert.True(new FileInfo(Path.Combine(outf, LossPlot.FileName)).Length > 1000);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(outf, "runs"), "events.out.tfevents.*").Length);
    }
}
