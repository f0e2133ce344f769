using System.Globalization;
using System.Text.RegularExpressions;

namespace DcganSharp.Checkpoints;

/// <summary>
/// The checkpoint files of one output folder: checkpoint.pt (always the newest state) and
/// checkpoint-epoch-N.pt after each epoch, of which the newest <see cref="Keep"/> are kept.
/// </summary>
internal sealed partial class CheckpointStore(string folder, int keep)
{
    public const string LatestName = "checkpoint.pt";

    public string Folder { get; } = folder;

    public int Keep { get; } = keep;

    public string LatestPath => Path.GetFullPath(Path.Combine(Folder, LatestName));

    public string EpochPath(int epoch) => Path.GetFullPath(Path.Combine(Folder, $"checkpoint-epoch-{epoch}.pt"));

    /// <summary>Checkpoints written by this process that can serve as rollback targets.</summary>
    readonly List<(string Path, long Step, bool Healthy)> written = [];

    public void SaveLatest(TrainingCheckpoint checkpoint) => Save(checkpoint, LatestPath);

    /// <summary>Writes the end-of-epoch checkpoint, points checkpoint.pt at the same state, and prunes old epochs.</summary>
    public void SaveEpoch(TrainingCheckpoint checkpoint, int epoch)
    {
        Save(checkpoint, EpochPath(epoch));
        // The same bytes again, without serialising twice.
        IO.AtomicFile.Write(LatestPath, stream =>
        {
            using var source = File.OpenRead(EpochPath(epoch));
            source.CopyTo(stream);
        });
        written.RemoveAll(w => w.Path == LatestPath);
        written.Add((LatestPath, checkpoint.Progress.GlobalStep, checkpoint.Healthy));
        foreach (var (path, _) in EpochFiles(Folder).Skip(Math.Max(Keep, 1)))
        {
            IO.AtomicFile.TryDelete(path);
            written.RemoveAll(w => w.Path == path);
        }
    }

    void Save(TrainingCheckpoint checkpoint, string path)
    {
        checkpoint.Save(path);
        written.RemoveAll(w => w.Path == path);
        written.Add((path, checkpoint.Progress.GlobalStep, checkpoint.Healthy));
    }

    /// <summary>Remembers a checkpoint loaded at start-up as a rollback target.</summary>
    public void Remember(string path, TrainingCheckpoint checkpoint) =>
        written.Add((Path.GetFullPath(path), checkpoint.Progress.GlobalStep, checkpoint.Healthy));

    /// <summary>
    /// The newest healthy checkpoint from before <paramref name="step"/>, if any still exists.
    /// Checkpoints left in the folder by an earlier session are read once to learn their step.
    /// </summary>
    public string? LastGoodBefore(long step)
    {
        foreach (var path in EpochFiles(Folder).Select(f => Path.GetFullPath(f.Path)).Append(Path.GetFullPath(LatestPath)))
        {
            if (written.Any(w => w.Path == path) || !File.Exists(path))
                continue;
            try
            {
                using var checkpoint = TrainingCheckpoint.Load(path);
                written.Add((path, checkpoint.Progress.GlobalStep, checkpoint.Healthy));
            }
            catch (DcganException)
            {
                // A damaged file is no rollback target.
            }
        }
        return written.Where(w => w.Healthy && w.Step < step && File.Exists(w.Path)).OrderByDescending(w => w.Step).Select(w => w.Path).FirstOrDefault();
    }

    /// <summary>True when <paramref name="folder"/> already holds a run's checkpoint or reference-style weights.</summary>
    public static bool HoldsRun(string folder) =>
        File.Exists(Path.Combine(folder, LatestName)) || EpochFiles(folder).Any() || File.Exists(Path.Combine(folder, BestGenerator.FileName)) ||
        (Directory.Exists(folder) && Directory.EnumerateFiles(folder, "netG_epoch_*.pth").Any());

    /// <summary>
    /// The checkpoint file that <see cref="DcganOptions.Resume"/> names: the file itself, or for a
    /// folder its checkpoint.pt (or, if that is missing, its newest checkpoint-epoch-N.pt).
    /// </summary>
    /// <param name="names">How errors name the settings.</param>
    public static string Resolve(string resume, SettingNames names)
    {
        var setting = names.Name(nameof(DcganOptions.Resume));
        if (File.Exists(resume))
            return resume;
        if (!Directory.Exists(resume))
            throw new SettingException(nameof(DcganOptions.Resume), $"{setting} '{resume}' does not exist; give a run's {names.Name(nameof(DcganOptions.OutputFolder))} folder or a checkpoint file");
        var latest = Path.Combine(resume, LatestName);
        if (File.Exists(latest))
            return latest;
        return EpochFiles(resume).Select(f => f.Path).FirstOrDefault()
            ?? throw new SettingException(nameof(DcganOptions.Resume), $"{setting} '{resume}' holds no checkpoint ({LatestName} or checkpoint-epoch-N.pt); runs save one after each epoch");
    }

    /// <summary>Loads a checkpoint to resume; if it is damaged, the error names the newest sibling checkpoint that loads.</summary>
    /// <param name="names">How errors name the settings.</param>
    public static TrainingCheckpoint LoadNamingFallback(string path, SettingNames names)
    {
        try
        {
            return TrainingCheckpoint.Load(path, names);
        }
        catch (CheckpointDamagedException damaged)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
            var candidates = new[] { Path.Combine(folder, LatestName) }.Concat(EpochFiles(folder).Select(f => f.Path))
                .Where(p => File.Exists(p) && Path.GetFullPath(p) != Path.GetFullPath(path));
            foreach (var candidate in candidates)
            {
                try
                {
                    using var good = TrainingCheckpoint.Load(candidate);
                    throw new DcganException($"{damaged.Message}; the last good checkpoint is '{candidate}' (epoch {good.Progress.Epoch}, step {good.Progress.GlobalStep}): resume with {names.Setting(nameof(DcganOptions.Resume), candidate)}");
                }
                catch (CheckpointDamagedException)
                {
                    // Try the next one.
                }
            }
            throw new DcganException($"{damaged.Message}; no other checkpoint in '{folder}' loads, so the run must start again (or from weights with {Weights(names)})");
        }
    }

    /// <summary>The settings that start a run from weights, for advice: "--netG/--netD".</summary>
    internal static string Weights(SettingNames names) =>
        $"{names.Name(nameof(DcganOptions.GeneratorWeights))}/{names.Name(nameof(DcganOptions.DiscriminatorWeights))}";

    /// <summary>checkpoint-epoch-N.pt files, newest epoch first.</summary>
    static IEnumerable<(string Path, int Epoch)> EpochFiles(string folder)
    {
        if (!Directory.Exists(folder))
            return [];
        return Directory.EnumerateFiles(folder, "checkpoint-epoch-*.pt")
            .Select(p => (Path: p, Match: EpochFile().Match(Path.GetFileName(p))))
            .Where(x => x.Match.Success)
            .Select(x => (x.Path, Epoch: int.Parse(x.Match.Groups[1].Value, CultureInfo.InvariantCulture)))
            .OrderByDescending(x => x.Epoch)
            .ToList();
    }

    [GeneratedRegex(@"^checkpoint-epoch-(\d+)\.pt$")]
    private static partial Regex EpochFile();
}
