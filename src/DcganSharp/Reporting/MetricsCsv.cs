using System.Globalization;
using System.Text;
using DcganSharp.IO;
using DcganSharp.Training;

namespace DcganSharp.Reporting;

/// <summary>
/// Appends one row per training iteration to metrics.csv. The header is written only into a new
/// (or empty) file; an existing file is appended to, so a resumed run continues the same table.
/// Each row reaches the operating system as soon as it is appended, so a killed process loses
/// nothing; a row torn by a crash mid-write is dropped when the file is next opened.
/// </summary>
public sealed class MetricsCsv : IDisposable
{
    public const string FileName = "metrics.csv";

    public const string Header = "epoch,iteration,global_step,loss_d,loss_g,d_x,d_g_z1,d_g_z2,images_per_s,wall_time,fid";

    readonly StreamWriter writer;

    public string Path { get; }

    /// <param name="path">The CSV file; created with its header when absent.</param>
    /// <param name="discardFromStep">
    /// When resuming from a checkpoint taken at this global step, rows at or after it (logged by the
    /// interrupted run after its last checkpoint, and about to be logged again) are removed first.
    /// </param>
    public MetricsCsv(string path, long? discardFromStep = null)
    {
        Path = path;
        try
        {
            var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
            Directory.CreateDirectory(folder);
            PrepareExisting(path, discardFromStep);
            var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
            writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };
            if (stream.Length == 0)
                WriteLine(Header);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DcganException($"cannot write metrics file '{path}' ({AtomicFile.Describe(e)}); check the folder is writable", e);
        }
    }

    /// <summary>Appends the iteration, stamped with the current time, with the FID if one was measured after it.</summary>
    public void Append(IterationReport report, double? fid = null) => Append(MetricsRow.From(report, DateTimeOffset.UtcNow) with { Fid = fid });

    public void Append(MetricsRow row) => WriteLine(Format(row));

    public void Dispose() => writer.Dispose();

    /// <summary>The CSV line of a row (no newline), in the invariant culture.</summary>
    public static string Format(MetricsRow row) => string.Create(CultureInfo.InvariantCulture,
        $"{row.Epoch},{row.Iteration},{row.GlobalStep},{row.LossD:R},{row.LossG:R},{row.DReal:R},{row.DFakeBeforeUpdate:R},{row.DFakeAfterUpdate:R},{row.ImagesPerSecond:F2},{row.WallTime:F3},{row.Fid:R}");

    void WriteLine(string line)
    {
        try
        {
            writer.WriteLine(line);
            writer.Flush();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DcganException($"cannot append to metrics file '{Path}' ({AtomicFile.Describe(e)}); free some disk space", e);
        }
    }

    // Checks the header, drops a torn last line and, on resume, the rows that will be redone.
    static void PrepareExisting(string path, long? discardFromStep)
    {
        if (!File.Exists(path) || new FileInfo(path).Length == 0)
            return;
        var text = File.ReadAllText(path);
        var firstLineEnd = text.IndexOf('\n');
        var header = (firstLineEnd < 0 ? text : text[..firstLineEnd]).TrimEnd('\r');
        if (header != Header)
            throw new DcganException($"metrics file '{path}' has another header ('{Shorten(header)}'); move it away so a new one can be started");

        var complete = text.EndsWith('\n') ? text : text[..(text.LastIndexOf('\n') + 1)];
        if (discardFromStep is { } step)
        {
            var kept = complete.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Where(line => MetricsParser.GlobalStep(line) is not { } s || s < step);
            complete = string.Concat(new[] { Header }.Concat(kept).Select(l => l + "\n"));
        }
        if (complete.Length != text.Length || complete != text)
            AtomicFile.WriteAllText(path, complete);
    }

    static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "...";
}
