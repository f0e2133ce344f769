using System.Globalization;
using System.Text.RegularExpressions;

namespace DcganSharp.Generation;

/// <summary>Turns what the user gave for a generator (a file, or a training output folder) into one file.</summary>
internal static partial class GeneratorPath
{
    [GeneratedRegex(@"^netG_(ema_)?epoch_(\d+)\.pth$")]
    private static partial Regex EpochFile();

    /// <summary>
    /// <paramref name="path"/> itself when it is a file; for a folder, the generator its
    /// `train --eval-every` measured best (netG_best.pth) if it has one, else its training
    /// checkpoint (the newest state, whose generator average is preferred), else its
    /// netG_ema_epoch_N.pth or netG_epoch_N.pth with the largest N (numerically, so epoch 10 beats
    /// epoch 9), the average when both exist.
    /// </summary>
    public static string Resolve(string path, string role = "generator")
    {
        if (!Directory.Exists(path))
            return path;
        var best = Path.Combine(path, Checkpoints.BestGenerator.FileName);
        if (File.Exists(best))
            return best;
        var checkpoint = Path.Combine(path, Checkpoints.CheckpointStore.LatestName);
        if (File.Exists(checkpoint))
            return checkpoint;
        var latest = Directory.EnumerateFiles(path)
            .Select(file => (File: file, Match: EpochFile().Match(Path.GetFileName(file))))
            .Where(f => f.Match.Success)
            .Select(f => (f.File, Epoch: long.TryParse(f.Match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1,
                Average: f.Match.Groups[1].Success))
            .OrderByDescending(f => f.Epoch)
            .ThenByDescending(f => f.Average)
            .FirstOrDefault();
        return latest.File ?? throw new DcganException($"{role} folder '{path}' has no checkpoint.pt, netG_ema_epoch_N.pth or netG_epoch_N.pth; give a generator file or the --outf folder of a training run");
    }
}
