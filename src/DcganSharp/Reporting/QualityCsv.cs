using System.Globalization;
using DcganSharp.Evaluation;
using DcganSharp.IO;

namespace DcganSharp.Reporting;

/// <summary>
/// fid.csv: one row per quality measurement during training, beside metrics.csv. A file of its own
/// because measurements are rare (every N iterations) and metrics.csv's columns are fixed per
/// iteration; rows join to metrics.csv on global_step. Each row names its judge in the last column
/// ("FID-ResNet18", "FID-LeNet", or "FID" for Inception-v3), since FIDs of different feature
/// networks are different measures. Kept as an <see cref="AppendOnlyCsv"/>, like metrics.csv: rows
/// reach the OS as soon as they are appended, and on resume rows at or after the checkpoint's step
/// are dropped (they will be redone).
/// </summary>
internal sealed class QualityCsv : IDisposable
{
    public const string FileName = "fid.csv";

    public const string Header = LegacyHeader + ",judge";

    /// <summary>The header before rows named their judge; such a file gains the column (empty in its old rows) when a run appends to it.</summary>
    public const string LegacyHeader = "global_step,epoch,samples,fid,kid_mean,kid_std,precision,recall,classes_covered,class_entropy_bits,seconds,wall_time";

    const string What = "quality file";

    static readonly int Columns = Header.Split(',').Length;

    readonly AppendOnlyCsv csv;
    readonly string judge;

    public string Path => csv.Path;

    /// <param name="judge">What the FIDs appended are called (<see cref="IFeatureExtractor.FidName"/>).</param>
    public QualityCsv(string path, string judge, long? discardFromStep = null)
    {
        if (judge.Contains(',') || judge.Contains('\n'))
            throw new ArgumentException($"a judge name cannot hold commas or line breaks: '{judge}'", nameof(judge));
        this.judge = judge;
        UpgradeLegacy(path);
        csv = new AppendOnlyCsv(path, Header, What, line => Parse(line)?.Step, discardFromStep);
    }

    public void Append(long globalStep, int epoch, QualityResult result) =>
        csv.Append(string.Create(CultureInfo.InvariantCulture,
            $"{globalStep},{epoch},{result.Samples},{result.Fid:R},{result.Kid.Mean:R},{result.Kid.Std:R},{result.Precision:R},{result.Recall:R},{result.Coverage?.Covered.ToString(CultureInfo.InvariantCulture) ?? ""},{result.Coverage?.EntropyBits.ToString("R", CultureInfo.InvariantCulture) ?? ""},{result.Seconds:F3},{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0:F3},{judge}"));

    /// <summary>
    /// (global_step, FID) of every complete, parseable row of an existing file, for <see cref="FidPlot"/>;
    /// empty when there is none. With <paramref name="judge"/>, only that judge's rows (and rows
    /// from before rows named one).
    /// </summary>
    public static IReadOnlyList<(long Step, double Fid)> ReadFid(string path, string? judge = null) =>
        Rows(path).Where(r => judge is null || r.Judge.Length == 0 || r.Judge == judge).Select(r => (r.Step, r.Fid)).ToList();

    public void Dispose() => csv.Dispose();

    static IEnumerable<(long Step, double Fid, string Judge)> Rows(string path)
    {
        if (File.Exists(path) && FirstLine(path) == LegacyHeader)
            return AppendOnlyCsv.CompleteRows(path, LegacyHeader, What).Select(line => Parse(line + ",")).OfType<(long, double, string)>();
        return AppendOnlyCsv.CompleteRows(path, Header, What).Select(Parse).OfType<(long, double, string)>();
    }

    // A file from before the judge column: the column is added (empty in the old rows) before appending.
    static void UpgradeLegacy(string path)
    {
        if (!File.Exists(path) || FirstLine(path) != LegacyHeader)
            return;
        var rows = AppendOnlyCsv.CompleteRows(path, LegacyHeader, What).Select(line => line + ",");
        AtomicFile.WriteAllText(path, string.Concat(new[] { Header }.Concat(rows).Select(line => line + "\n")));
    }

    static string FirstLine(string path)
    {
        using var reader = new StreamReader(path);
        return reader.ReadLine()?.TrimEnd('\r') ?? "";
    }

    // (step, FID, judge) of a row; null for a garbled line.
    static (long Step, double Fid, string Judge)? Parse(string line)
    {
        var fields = line.Split(',');
        return fields.Length == Columns && long.TryParse(fields[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var step)
            && double.TryParse(fields[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var fid)
            ? (step, fid, fields[^1])
            : null;
    }
}
