using DcganSharp.Training;

namespace DcganSharp.Reporting;

/// <summary>
/// The per-iteration metrics of a run, ordered by global step, one row per step (a step logged
/// twice, e.g. redone after a resume, keeps its latest row). Read from metrics.csv, so it covers
/// every session of a resumed run.
/// </summary>
internal sealed class TrainingHistory
{
    readonly SortedDictionary<long, MetricsRow> rows = [];

    public IReadOnlyList<MetricsRow> Rows => [.. rows.Values];

    public int Count => rows.Count;

    public void Add(MetricsRow row) => rows[row.GlobalStep] = row;

    public void Add(IterationReport report) => Add(MetricsRow.From(report, DateTimeOffset.UtcNow));

    /// <summary>The rows of a metrics.csv file; lines that are not rows (a torn last line) are skipped.</summary>
    public static TrainingHistory Read(string path)
    {
        var history = new TrainingHistory();
        IEnumerable<string> lines;
        try
        {
            lines = File.ReadLines(path).Skip(1).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DcganException($"cannot read metrics file '{path}' ({IO.AtomicFile.Describe(e)}); check the path", e);
        }
        foreach (var line in lines)
        {
            if (MetricsParser.Parse(line) is { } row)
                history.Add(row);
        }
        return history;
    }

    /// <summary>The global steps at which each epoch after the first begins, with its epoch number.</summary>
    public IReadOnlyList<(long Step, int Epoch)> EpochStarts()
    {
        var starts = new List<(long, int)>();
        int? previous = null;
        foreach (var row in rows.Values)
        {
            if (previous is { } p && row.Epoch != p)
                starts.Add((row.GlobalStep, row.Epoch));
            previous = row.Epoch;
        }
        return starts;
    }
}
