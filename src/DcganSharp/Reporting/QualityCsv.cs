using System.Globalization;
using System.Text;
using DcganSharp.Evaluation;
using DcganSharp.IO;

namespace DcganSharp.Reporting;

/// <summary>
/// fid.csv: one row per quality measurement during training, beside metrics.csv. A file of its own
/// because measurements are rare (every N iterations) and metrics.csv's columns are fixed per
/// iteration; rows join to metrics.csv on global_step. Rows reach the OS as soon as they are
/// appended; on resume, rows at or after the checkpoint's step are dropped (they will be redone).
/// </summary>
public sealed class QualityCsv : IDisposable
{
    public const string FileName = "fid.csv";

    public const string Header = "global_step,epoch,samples,fid,kid_mean,kid_std,precision,recall,classes_covered,class_entropy_bits,seconds,wall_time";

    readonly StreamWriter writer;

    public string Path { get; }

    public QualityCsv(string path, long? discardFromStep = null)
    {
        Path = path;
        try
        {
            var rows = ReadRows(path).Where(r => discardFromStep is not { } step || r.Step < step).ToList();
            if (File.Exists(path))
                AtomicFile.WriteAllText(path, string.Concat(new[] { Header }.Concat(rows.Select(r => r.Line)).Select(l => l + "\n")));
            var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
            writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" };
            if (stream.Length == 0)
                Write(Header);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DcganException($"cannot write quality file '{path}' ({AtomicFile.Describe(e)}); check the folder is writable", e);
        }
    }

    public void Append(long globalStep, int epoch, QualityResult result) =>
        Write(string.Create(CultureInfo.InvariantCulture,
            $"{globalStep},{epoch},{result.Samples},{result.Fid:R},{result.Kid.Mean:R},{result.Kid.Std:R},{result.Precision:R},{result.Recall:R},{result.Coverage?.Covered.ToString(CultureInfo.InvariantCulture) ?? ""},{result.Coverage?.EntropyBits.ToString("R", CultureInfo.InvariantCulture) ?? ""},{result.Seconds:F3},{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0:F3}"));

    /// <summary>(global_step, FID) of every complete row of an existing file, for <see cref="FidPlot"/>; empty when there is none.</summary>
    public static IReadOnlyList<(long Step, double Fid)> ReadFid(string path) => ReadRows(path).Select(r => (r.Step, r.Fid)).ToList();

    public void Dispose() => writer.Dispose();

    void Write(string line)
    {
        writer.WriteLine(line);
        writer.Flush();
    }

    // Complete, parseable rows only: a line torn by a crash (no newline yet) or garbled is skipped.
    static IEnumerable<(long Step, double Fid, string Line)> ReadRows(string path)
    {
        if (!File.Exists(path))
            yield break;
        var text = File.ReadAllText(path);
        if (text.Length == 0)
            yield break;
        var lines = text.Split('\n');
        if (lines[0].TrimEnd('\r') != Header)
            throw new DcganException($"quality file '{path}' has another header; move it away so a new one can be started");
        foreach (var line in lines.Skip(1).Take(lines.Length - 2))
        {
            var fields = line.Split(',');
            if (fields.Length == 12 && long.TryParse(fields[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var step)
                && double.TryParse(fields[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var fid))
                yield return (step, fid, line);
        }
    }
}
