using System.Diagnostics;

namespace DcganSharp.Training;

/// <summary>Images per second over a sliding window of recent iterations, and the time left.</summary>
internal sealed class ThroughputMeter(int window = 20)
{
    readonly Queue<(long Ticks, int Images)> samples = new();
    readonly Stopwatch clock = Stopwatch.StartNew();
    int imagesInWindow;

    public void Add(int images)
    {
        samples.Enqueue((clock.ElapsedTicks, images));
        imagesInWindow += images;
        while (samples.Count > window + 1)
            imagesInWindow -= samples.Dequeue().Images;
    }

    public double ImagesPerSecond
    {
        get
        {
            if (samples.Count < 2)
                return 0;
            var seconds = (samples.Last().Ticks - samples.Peek().Ticks) / (double)Stopwatch.Frequency;
            // The oldest sample only marks the window's start; its images were done before it.
            return seconds > 0 ? (imagesInWindow - samples.Peek().Images) / seconds : 0;
        }
    }

    public TimeSpan Remaining(long iterationsLeft, int imagesPerIteration)
    {
        var rate = ImagesPerSecond;
        return rate > 0 ? TimeSpan.FromSeconds(iterationsLeft * imagesPerIteration / rate) : TimeSpan.Zero;
    }
}
