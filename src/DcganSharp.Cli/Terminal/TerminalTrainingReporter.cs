using DcganSharp.Training;

namespace DcganSharp.Cli.Terminal;

/// <summary>
/// Console reporting: the reference's line per iteration on stdout and, when stderr is a
/// terminal, a live progress bar with images/s and ETA kept on the last line.
/// </summary>
internal sealed class TerminalTrainingReporter : TextTrainingReporter, IDisposable
{
    readonly TextWriter errors;
    readonly int logEvery;
    readonly bool showBar;
    bool barVisible;

    public TerminalTrainingReporter(TextWriter output, TextWriter errors, int logEvery)
        : base(output, errors)
    {
        this.errors = errors;
        this.logEvery = logEvery;
        showBar = ReferenceEquals(errors, Console.Error) && !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("TERM") != "dumb";
    }

    public override void Info(string message) => AboveBar(() => base.Info(message));

    public override void Warn(string message) => AboveBar(() => base.Warn(message));

    public override void EpochEnd(int epoch, int epochs, TimeSpan elapsed) => AboveBar(() => base.EpochEnd(epoch, epochs, elapsed));

    public override void Iteration(IterationReport report)
    {
        if (report.Iteration % logEvery == 0 || report.Iteration == report.IterationsPerEpoch - 1)
            AboveBar(() => base.Iteration(report));
        if (showBar)
            DrawBar(report);
    }

    void AboveBar(Action write)
    {
        if (barVisible)
        {
            errors.Write("\r\u001b[2K");
            barVisible = false;
        }
        write();
    }

    void DrawBar(IterationReport report)
    {
        const int width = 30;
        var done = report.Iteration + 1;
        var filled = (int)((long)width * done / Math.Max(1, report.IterationsPerEpoch));
        var bar = new string('#', filled) + new string('-', width - filled);
        var eta = report.Remaining.TotalHours >= 1 ? report.Remaining.ToString(@"h\:mm\:ss") : report.Remaining.ToString(@"mm\:ss");
        errors.Write($"\r\u001b[2Kepoch {report.Epoch + 1}/{report.Epochs} [{bar}] {done}/{report.IterationsPerEpoch} {report.ImagesPerSecond:F1} img/s ETA {eta}");
        errors.Flush();
        barVisible = true;
    }

    public void Dispose()
    {
        if (barVisible)
        {
            errors.WriteLine();
            barVisible = false;
        }
    }
}
