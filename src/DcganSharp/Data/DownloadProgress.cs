using System.Diagnostics;
using System.Globalization;

namespace DcganSharp.Data;

/// <summary>
/// Progress display for one download. On a terminal a bar is redrawn in place on standard error
/// (at most ten times a second, so the redraw costs nothing next to the transfer) and erased at
/// the end; either way one permanent summary line goes to the log.
/// </summary>
internal sealed class DownloadProgress
{
    private const int BarWidth = 24;
    private readonly string _name;
    private readonly long? _total;
    private readonly TextWriter? _bar;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _received;
    private TimeSpan? _lastDraw;
    private int _drawnWidth;

    public DownloadProgress(string name, long? total, TextWriter? bar)
    {
        _name = name;
        _total = total;
        _bar = bar;
    }

    public void Report(long received)
    {
        _received = received;
        if (_bar is null || (_lastDraw is { } last && _clock.Elapsed - last < TimeSpan.FromMilliseconds(100)))
            return;
        _lastDraw = _clock.Elapsed;
        var line = _total is > 0
            ? $"{_name} [{Bar()}] {100.0 * _received / _total.Value,3:F0}% {Size(_received)}/{Size(_total.Value)} {Rate()}"
            : $"{_name} {Size(_received)} {Rate()}";
        _bar.Write('\r' + line.PadRight(_drawnWidth));
        _drawnWidth = line.Length;
        _bar.Flush();
    }

    /// <summary>Erases the bar so the next log line starts on a clean row.</summary>
    public void Clear()
    {
        if (_bar is null || _drawnWidth == 0)
            return;
        _bar.Write('\r' + new string(' ', _drawnWidth) + '\r');
        _bar.Flush();
        _drawnWidth = 0;
    }

    public string Summary() =>
        string.Create(CultureInfo.InvariantCulture, $"{Size(_received)} in {_clock.Elapsed.TotalSeconds:F1} s, {Rate()}");

    private string Bar()
    {
        var filled = (int)(BarWidth * Math.Clamp((double)_received / _total!.Value, 0, 1));
        return new string('#', filled) + new string('-', BarWidth - filled);
    }

    private string Rate()
    {
        var seconds = Math.Max(_clock.Elapsed.TotalSeconds, 1e-3);
        return Size((long)(_received / seconds)) + "/s";
    }

    internal static string Size(long bytes) => bytes switch
    {
        < 1000 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e3:F1} kB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:F1} MB"),
    };
}
