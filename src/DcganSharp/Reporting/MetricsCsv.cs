using System.Globalization;
using DcganSharp.Training;

namespace DcganSharp.Reporting;

/// <summary>
/// Appends one row per training iteration to metrics.csv, kept as an <see cref="AppendOnlyCsv"/>:
/// a resumed run continues the same table, and a killed one loses no row.
/// </summary>
internal sealed class MetricsCsv : IDisposable
{
    public const string FileName = "metrics.csv";

    public const string Header = "epoch,iteration,global_step,loss_d,loss_g,d_x,d_g_z1,d_g_z2,images_per_s,wall_time,fid";

    readonly AppendOnlyCsv csv;

    public string Path => csv.Path;

    /// <param name="path">The CSV file; created with its header when absent.</param>
    /// <param name="discardFromStep">
    /// When resuming from a checkpoint taken at this global step, rows at or after it (logged by the
    /// interrupted run after its last checkpoint, and about to be logged again) are removed first.
    /// </param>
    public MetricsCsv(string path, long? discardFromStep = null) =>
        csv = new AppendOnlyCsv(path, Header, "metrics file", MetricsParser.GlobalStep, discardFromStep);

    /// <summary>Appends the iteration, stamped with the current time, with the FID if one was measured after it.</summary>
    public void Append(IterationReport report, double? fid = null) => Append(MetricsRow.From(report, DateTimeOffset.UtcNow) with { Fid = fid });

    public void Append(MetricsRow row) => csv.Append(Format(row));

    public void Dispose() => csv.Dispose();

    /// <summary>The CSV line of a row (no newline), in the invariant culture.</summary>
    public static string Format(MetricsRow row) => string.Create(CultureInfo.InvariantCulture,
        $"{row.Epoch},{row.Iteration},{row.GlobalStep},{row.LossD:R},{row.LossG:R},{row.DReal:R},{row.DFakeBeforeUpdate:R},{row.DFakeAfterUpdate:R},{row.ImagesPerSecond:F2},{row.WallTime:F3},{row.Fid:R}");
}
