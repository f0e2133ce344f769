using System.Globalization;

namespace DcganSharp.Serve.Info;

/// <summary>
/// The quality measurements a run keeps beside its checkpoints: fid.csv, one row per measurement
/// (global_step,epoch,samples,fid,...,judge), appended during training. The server reports the last
/// measurement made no later than the weights it serves: at or before a checkpoint's step, or
/// within or before epoch N for netG_epoch_N.pth.
/// </summary>
internal static class FidSidecar
{
    public const string FileName = "fid.csv";

    /// <summary>
    /// The FID of the newest complete row in <paramref name="folder"/>'s fid.csv whose step is at
    /// most <paramref name="maxStep"/> and whose epoch is at most <paramref name="maxEpoch"/> (no
    /// bound when null), or null when there is no file or no such row.
    /// </summary>
    public static FidMeasurement? Read(string folder, long? maxStep, long? maxEpoch)
    {
        var path = Path.Combine(folder, FileName);
        string text;
        try
        {
            if (!File.Exists(path))
                return null;
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        var lines = text.Split('\n');
        if (lines.Length < 2)
            return null;
        var header = lines[0].TrimEnd('\r').Split(',');
        var (stepColumn, epochColumn, fidColumn) = (Array.IndexOf(header, "global_step"), Array.IndexOf(header, "epoch"), Array.IndexOf(header, "fid"));
        if (stepColumn < 0 || epochColumn < 0 || fidColumn < 0)
            return null;
        var judgeColumn = Array.IndexOf(header, "judge");
        FidMeasurement? best = null;
        // The last line has no newline yet when a crash tore it, so only terminated lines count.
        foreach (var line in lines.Skip(1).Take(lines.Length - 2))
        {
            var fields = line.TrimEnd('\r').Split(',');
            if (fields.Length != header.Length
                || !long.TryParse(fields[stepColumn], NumberStyles.Integer, CultureInfo.InvariantCulture, out var step)
                || !long.TryParse(fields[epochColumn], NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch)
                || !double.TryParse(fields[fidColumn], NumberStyles.Float, CultureInfo.InvariantCulture, out var fid)
                || !double.IsFinite(fid))
                continue;
            if (step > maxStep || epoch > maxEpoch)
                continue;
            if (best is null || step >= best.GlobalStep)
                best = new FidMeasurement(fid, step, judgeColumn >= 0 && fields[judgeColumn].Length > 0 ? fields[judgeColumn] : null);
        }
        return best;
    }
}
