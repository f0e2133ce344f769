using DcganSharp.Reporting;
using ImageMagick;
using Xunit;
using static TorchSharp.torch;

namespace DcganSharp.Tests.Reporting;

public sealed class ProgressAnimationTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("progress-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static Tensor Grid(byte shade) => full(new long[] { 18, 34, 3 }, shade, dtype: uint8);

    [Fact]
    public void Frames_survive_a_resumed_run_and_a_redone_epoch_replaces_its_frame()
    {
        var gif = Path.Combine(folder, ProgressAnimation.FileName);
        var first = ProgressAnimation.ForOutputFolder(folder);
        foreach (var epoch in new[] { 0, 1, 2 })
        {
            using var grid = Grid((byte)(epoch * 40));
            first.AddFrame(epoch, grid);
            first.Write(gif);
        }

        // A new process resumes from epoch 2's checkpoint: epoch 2 again, then 3.
        var resumed = ProgressAnimation.ForOutputFolder(folder);
        foreach (var epoch in new[] { 2, 3 })
        {
            using var grid = Grid((byte)(200 + epoch));
            resumed.AddFrame(epoch, grid);
        }
        resumed.Write(gif);

        Assert.Equal([0, 1, 2, 3], resumed.Frames().Select(f => f.Epoch));
        using var decoded = new MagickImageCollection(gif);
        Assert.Equal(4, decoded.Count);
        Assert.All(decoded, frame => Assert.Equal((34u, 18u), (frame.Width, frame.Height)));
        Assert.Equal(202, decoded[2].GetPixels().GetPixel(5, 5).GetChannel(0), 1.5);
    }

    [Fact]
    public void Long_runs_are_thinned_keeping_the_first_and_last_frames()
    {
        var thinned = ProgressAnimation.Thin(Enumerable.Range(0, 250).ToList(), 100);
        Assert.Equal(100, thinned.Count);
        Assert.Equal(0, thinned[0]);
        Assert.Equal(249, thinned[^1]);
        Assert.Equal(thinned.Order(), thinned);
    }
}
