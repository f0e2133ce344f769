using DcganSharp.Reporting;
using DcganSharp.Training;
using Xunit;

namespace DcganSharp.Tests.Reporting;

public sealed class MetricsCsvTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("metrics-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    string CsvPath => Path.Combine(folder, "run", MetricsCsv.FileName);

    static IterationReport Report(int epoch, int iteration, float loss = 1.5f) =>
        new(epoch, 3, iteration, 4, new StepStatistics(loss, 2.25f, 0.75f, 0.25f, 0.125f), 123.456, TimeSpan.Zero);

    [Fact]
    public void Rows_from_a_resumed_run_continue_the_same_file_under_one_header()
    {
        using (var first = new MetricsCsv(CsvPath))
        {
            first.Append(Report(0, 0));
            first.Append(Report(0, 1));
            // Readable while still open: each row is flushed as it is appended.
            Assert.Equal(3, File.ReadAllLines(CsvPath).Length);
        }
        using (var resumed = new MetricsCsv(CsvPath))
            resumed.Append(Report(0, 2));

        var lines = File.ReadAllLines(CsvPath);
        Assert.Equal(MetricsCsv.Header, lines[0]);
        Assert.Single(lines, l => l == MetricsCsv.Header);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("0,2,2,1.5,2.25,0.75,0.25,0.125,123.46,", lines[3]);

        var history = TrainingHistory.Read(CsvPath);
        Assert.Equal([0L, 1, 2], history.Rows.Select(r => r.GlobalStep));
        Assert.Equal(0.125, history.Rows[2].DFakeAfterUpdate);
    }

    [Fact]
    public void A_torn_last_row_is_dropped_and_rows_after_the_resume_point_are_discarded()
    {
        using (var first = new MetricsCsv(CsvPath))
        {
            for (var i = 0; i < 4; i++)
                first.Append(Report(0, i));
            first.Append(Report(1, 0));
        }
        File.AppendAllText(CsvPath, "1,1,5,0.9"); // killed mid-write

        using (var resumed = new MetricsCsv(CsvPath, discardFromStep: 4))
        {
            resumed.Append(Report(1, 0, loss: 9f));
            resumed.Append(Report(1, 1, loss: 9f));
        }

        var history = TrainingHistory.Read(CsvPath);
        Assert.Equal([0L, 1, 2, 3, 4, 5], history.Rows.Select(r => r.GlobalStep));
        Assert.Equal(9, history.Rows[4].LossD);
        Assert.Equal([(4L, 1)], history.EpochStarts());
    }

    [Fact]
    public void A_file_with_another_header_is_not_appended_to()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(CsvPath)!);
        File.WriteAllText(CsvPath, "step,loss\n1,2\n");
        var error = Assert.Throws<DcganException>(() => new MetricsCsv(CsvPath));
        Assert.Contains("metrics.csv", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal("step,loss\n1,2\n", File.ReadAllText(CsvPath));
    }
}
