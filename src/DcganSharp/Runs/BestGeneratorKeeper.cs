using DcganSharp.Checkpoints;
using DcganSharp.Interop;
using DcganSharp.Models;
using DcganSharp.Training;

namespace DcganSharp.Runs;

/// <summary>
/// `train --eval-every`: keeps the generator with the lowest FID as netG_best.pth (with
/// netG_best.json), so the best of a run is what `sample`, `serve` and `evaluate` take from its
/// folder even when later measurements got worse. A measurement replaces the file only when it is
/// strictly lower than the best so far of the same judge; what counts as the best so far survives
/// resume (the checkpoint's record, or netG_best.json when the run got further before it stopped)
/// and rollbacks.
/// </summary>
internal sealed class BestGeneratorKeeper
{
    readonly string outf;
    readonly string judge;

    /// <param name="judge">The FID's name (<see cref="Evaluation.IFeatureExtractor.FidName"/>).</param>
    /// <param name="remembered">The best so far according to the run's state (its checkpoint); null for a new run or none yet.</param>
    /// <param name="note">Told when an earlier best does not count (another judge).</param>
    public BestGeneratorKeeper(string outf, string judge, BestGenerator? remembered, Action<string> note)
    {
        this.outf = outf;
        this.judge = judge;
        // netG_best.json is newer than the checkpoint when the run measured a new best after its last
        // checkpoint (a new run starts without one: RemoveStale).
        var onDisk = BestGenerator.Read(outf);
        var best = remembered is null ? onDisk : BestGenerator.Better(remembered, onDisk?.Judge == remembered.Judge ? onDisk : null);
        if (best is not null && best.Judge != judge)
        {
            note($"note: {BestGenerator.FileName} was chosen by {best}; this run measures {judge}, a different measure, so its next measurement replaces it");
            best = null;
        }
        Current = best;
    }

    /// <summary>The best so far (of this judge), or null before the first measurement.</summary>
    public BestGenerator? Current { get; private set; }

    public string WeightsPath => Path.Combine(outf, BestGenerator.FileName);

    /// <summary>
    /// Keeps <paramref name="generator"/> (the one just measured) when <paramref name="fid"/> beats
    /// the best so far: netG_best.pth then netG_best.json, each written atomically. True when kept.
    /// </summary>
    public bool Offer(double fid, long globalStep, int epoch, DcganGenerator generator)
    {
        if (!double.IsFinite(fid) || (Current is { } best && fid >= best.Fid))
            return false;
        StateDictFile.Save(generator, WeightsPath);
        var record = new BestGenerator(judge, fid, globalStep, epoch);
        record.Write(outf);
        Current = record;
        return true;
    }

    /// <summary>Removes a netG_best.pth and netG_best.json left by an earlier run from a folder a new run starts in.</summary>
    public static void RemoveStale(string outf, ITrainingReporter reporter)
    {
        var files = new[] { BestGenerator.FileName, BestGenerator.RecordName }.Select(name => Path.Combine(outf, name)).Where(File.Exists).ToList();
        foreach (var file in files)
            File.Delete(file);
        if (files.Count > 0)
            reporter.Info($"Removed the earlier run's {BestGenerator.FileName}: this new run chooses its own best");
    }
}
