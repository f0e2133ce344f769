using System.Globalization;
using DcganSharp.Evaluation;

namespace DcganSharp.Reporting;

/// <summary>
/// fid.csv: one row per quality measurement during training, beside metrics.csv. A file of its own
/// because measurements are rare (every N iterations) and metrics.csv's columns are fixed per
/// iteration; rows join to metrics.csv on global_step. Kept as an <see cref="AppendOnlyCsv"/>, like
/// metrics.csv: rows reach the OS as soon as they are appended, and on resume rows at or after the
/// checkpoint's step are dropped (they will be redone).
/// </summary>
internal sealed class QualityCsv : IDisposable
{
    public const string FileName = "fid.csv";

    public const string Header = "global_step,epoch,samples,fid,kid_mean,kid_std,precision,recall,classes_covered,class_entropy_bits,seconds,wall_time";

    const string What = "quality file";

    readonly AppendOnlyCsv csv;

    public string Path => csv.Path;

    public QualityCsv(string path, long? discardFromStep = null) =>
        csv = new AppendOnlyCsv(path, Header, What, line => Parse(line)?.Step, discardFromStep);

    public void Append(long globalStep, int epoch, QualityResult result) =>
        csv.Append(string.Create(CultureInfo.InvariantCulture,
            $"{globalStep},{epoch},{result.Samples},{result.Fid:R},{result.Kid.Mean:R},{result.Kid.Std:R},{result.Precision:R},{result.Recall:R},{result.Coverage?.Covered.ToString(CultureInfo.InvariantCulture) ?? ""},{result.Coverage?.EntropyBits.ToString("R", CultureInfo.InvariantCulture) ?? ""},{result.Seconds:F3},{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0:F3}"));

    /// <summary>(global_step, FID) of every complete, parseable row of an existing file, for <see cref="FidPlot"/>; empty when there is none.</summary>
    public static IReadOnlyList<(long Step, double Fid)> ReadFid(string path) =>
        AppendOnlyCsv.CompleteRows(path, Header, What).Select(Parse).OfType<(long Step, double Fid)>().ToList();

    public void Dispose() => csv.Dispose();

    // (step, FID) of a row; null for a garbled line.
    static (long Step, double Fid)? Parse(string line)
    {
        var fields = line.Split(',');
        return fields.Length == 12 && long.TryParse(fields[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var step)
            && double.TryParse(fields[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var fid)
            ? (step, fid)
            : null;
    }
}
