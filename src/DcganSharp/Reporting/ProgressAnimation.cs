using System.Globalization;
using System.Text.RegularExpressions;
using DcganSharp.Imaging;
using static TorchSharp.torch;

namespace DcganSharp.Reporting;

/// <summary>
/// progress.gif: the fixed-noise grid after each epoch, as an animation.
/// </summary>
/// <remarks>
/// Each frame is kept as a PNG named by its epoch in a frames folder (progress/epoch_0007.png), and
/// the animation is rebuilt from those files whenever it is written. Frames on disk survive a
/// resumed run (its new epochs add to the old ones) and a crash, cost no memory between epochs,
/// and an epoch that is run again simply replaces its frame. Long runs are thinned to at most
/// <see cref="MaxFrames"/> evenly spaced frames, always keeping the first and the last.
/// </remarks>
internal sealed partial class ProgressAnimation
{
    public const string FileName = "progress.gif";
    public const string FramesFolderName = "progress";

    [GeneratedRegex(@"^epoch_(\d+)\.png$")]
    private static partial Regex FrameFile();

    public string FramesFolder { get; }

    public int MaxFrames { get; }

    /// <param name="framesFolder">Where frames are kept, e.g. outf/progress.</param>
    public ProgressAnimation(string framesFolder, int maxFrames = 100)
    {
        if (maxFrames < 2)
            throw new ArgumentOutOfRangeException(nameof(maxFrames), "an animation keeps at least 2 frames");
        FramesFolder = framesFolder;
        MaxFrames = maxFrames;
    }

    /// <summary>For a training output folder: frames in outf/progress.</summary>
    public static ProgressAnimation ForOutputFolder(string outputFolder, int maxFrames = 100) =>
        new(Path.Combine(outputFolder, FramesFolderName), maxFrames);

    /// <summary>Saves the frame of <paramref name="epoch"/>: the fixed-noise grid as uint8 [H, W, 3] (<see cref="ImageGrid.ToRgbBytes"/>).</summary>
    public void AddFrame(int epoch, Tensor gridRgbBytes)
    {
        if (epoch < 0)
            throw new ArgumentOutOfRangeException(nameof(epoch));
        PngFile.Write(Path.Combine(FramesFolder, $"epoch_{epoch.ToString("D4", CultureInfo.InvariantCulture)}.png"), gridRgbBytes);
    }

    /// <summary>The saved frames in epoch order.</summary>
    public IReadOnlyList<(int Epoch, string Path)> Frames()
    {
        if (!Directory.Exists(FramesFolder))
            return [];
        return Directory.EnumerateFiles(FramesFolder)
            .Select(path => (Path: path, Match: FrameFile().Match(Path.GetFileName(path))))
            .Where(f => f.Match.Success && int.TryParse(f.Match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .Select(f => (Epoch: int.Parse(f.Match.Groups[1].Value, CultureInfo.InvariantCulture), f.Path))
            .OrderBy(f => f.Epoch)
            .ToList();
    }

    /// <summary>
    /// Writes the animation (.gif, or .webp) from the saved frames, atomically; the last frame is
    /// held three times as long. Does nothing when no frame has been saved yet.
    /// </summary>
    public void Write(string path, int frameDelayMs = 400)
    {
        var frames = Thin(Frames(), MaxFrames);
        if (frames.Count == 0)
            return;
        AnimationFile.WriteFromFiles(path, frames.Select(f => f.Path).ToList(), frameDelayMs, frameDelayMs * 3);
    }

    /// <summary>At most <paramref name="max"/> items, evenly spaced, first and last included.</summary>
    internal static IReadOnlyList<T> Thin<T>(IReadOnlyList<T> items, int max)
    {
        if (items.Count <= max)
            return items;
        return Enumerable.Range(0, max)
            .Select(i => (int)Math.Round(i * (items.Count - 1) / (double)(max - 1)))
            .Distinct()
            .Select(i => items[i])
            .ToList();
    }
}
