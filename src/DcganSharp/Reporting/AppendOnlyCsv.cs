using System.Text;
using DcganSharp.IO;

namespace DcganSharp.Reporting;

/// <summary>
/// A CSV log that a killed or resumed training run can keep appending to: the header goes only into
/// a new (or empty) file; each row reaches the operating system as soon as it is appended, so a
/// killed process loses nothing; a row torn by a crash mid-write is dropped when the file is next
/// opened; and on resume the rows at or after the checkpoint's step, which are about to be logged
/// again, are removed first. metrics.csv and fid.csv are both kept this way.
/// </summary>
internal sealed class AppendOnlyCsv : IDisposable
{
    readonly StreamWriter writer;
    readonly string what;

    public string Path { get; }

    /// <param name="what">The file's role in messages ("metrics file").</param>
    /// <param name="stepOf">The global step of a row, or null for a line that is not a row.</param>
    /// <param name="discardFromStep">When resuming from a checkpoint taken at this step: drop rows at or after it.</param>
    public AppendOnlyCsv(string path, string header, string what, Func<string, long?> stepOf, long? discardFromStep)
    {
        Path = path;
        this.what = what;
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
            PrepareExisting(path, header, what, stepOf, discardFromStep);
            var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
            writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };
            if (stream.Length == 0)
                Append(header);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DcganException($"cannot write {what} '{path}' ({AtomicFile.Describe(e)}); check the folder is writable", e);
        }
    }

    /// <summary>Appends one line (no newline) and hands it to the operating system.</summary>
    public void Append(string line)
    {
        try
        {
            writer.WriteLine(line);
            writer.Flush();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DcganException($"cannot append to {what} '{Path}' ({AtomicFile.Describe(e)}); free some disk space", e);
        }
    }

    /// <summary>The complete lines after the header of an existing file (none when it is absent or empty).</summary>
    public static IEnumerable<string> CompleteRows(string path, string header, string what)
    {
        if (!File.Exists(path))
            return [];
        var text = File.ReadAllText(path);
        if (text.Length == 0)
            return [];
        CheckHeader(text, path, header, what);
        var complete = text[..(text.LastIndexOf('\n') + 1)];
        return complete.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.TrimEnd('\r'));
    }

    public void Dispose() => writer.Dispose();

    static void PrepareExisting(string path, string header, string what, Func<string, long?> stepOf, long? discardFromStep)
    {
        if (!File.Exists(path) || new FileInfo(path).Length == 0)
            return;
        var text = File.ReadAllText(path);
        CheckHeader(text, path, header, what);
        var complete = text[..(text.LastIndexOf('\n') + 1)];
        if (discardFromStep is { } step)
        {
            var kept = CompleteRows(path, header, what).Where(line => stepOf(line) is not { } s || s < step);
            complete = string.Concat(new[] { header }.Concat(kept).Select(l => l + "\n"));
        }
        if (complete != text)
            AtomicFile.WriteAllText(path, complete);
    }

    static void CheckHeader(string text, string path, string header, string what)
    {
        var firstLineEnd = text.IndexOf('\n');
        var found = (firstLineEnd < 0 ? text : text[..firstLineEnd]).TrimEnd('\r');
        if (found != header)
            throw new DcganException($"{what} '{path}' has another header ('{(found.Length <= 60 ? found : found[..60] + "...")}'); move it away so a new one can be started");
    }
}
