using DcganSharp.Checkpoints;
using DcganSharp.Training;
using static TorchSharp.torch;

namespace DcganSharp.Runs;

/// <summary>
/// What a run does when the divergence guard fires: under --on-diverge rollback, restore the
/// newest healthy checkpoint from before the trouble began (or the initial weights), halve D's
/// learning rate and draw fresh noise; otherwise, or after too many rollbacks, stop with an error
/// that names the last good checkpoint.
/// </summary>
internal static class Rollback
{
    /// <summary>Rolls <paramref name="run"/> back; returns what it was rolled back to.</summary>
    public static string Apply(RunState run, CheckpointStore store, DivergenceGuard guard, NetworkSnapshot initial)
    {
        var target = store.LastGoodBefore(guard.StreakStart ?? run.Progress.GlobalStep);
        var rollbacks = run.Progress.Rollbacks + 1;
        // A recovery, not a replay: what the guard sees is D winning outright (or the losses blowing
        // up), so D learns at half the rate from here on; the checkpoint keeps the new rate.
        run.Retrain(run.Recipe with { DiscriminatorLearningRateScale = run.Recipe.DiscriminatorLearningRateScale / 2 });
        string from;
        if (target is not null)
        {
            using var checkpoint = TrainingCheckpoint.Load(target);
            run.Restore(checkpoint, target);
            from = $"checkpoint '{target}' (step {run.Progress.GlobalStep})";
        }
        else
        {
            run.Restore(initial);
            from = "the initial weights";
        }
        var noiseSeed = run.Seed + 7919L * rollbacks;
        manual_seed(noiseSeed);
        run.Progress = run.Progress with { Rollbacks = rollbacks, NoiseSeed = noiseSeed };
        guard.Reset();
        return from;
    }

    /// <summary>The error that ends a run which diverged at <paramref name="epoch"/>, <paramref name="iteration"/>.</summary>
    /// <param name="names">How the advice names a setting.</param>
    public static DcganException GiveUp(RunState run, CheckpointStore store, DivergenceGuard guard, DcganOptions options, int epoch, int iteration, string reason, SettingNames names)
    {
        var lastGood = store.LastGoodBefore(guard.StreakStart ?? run.Progress.GlobalStep);
        var where = lastGood is null ? "no checkpoint from before it exists" : $"the last good checkpoint is '{lastGood}'";
        var advice = options.OnDiverge == DivergencePolicy.Rollback
            ? $"it kept diverging after {run.Progress.Rollbacks} rollback(s); try a lower {names.Name(nameof(options.LearningRate))} or smaller {names.Name(nameof(options.DiscriminatorFeatures))}"
            : $"rerun with {names.Setting(nameof(options.OnDiverge), DivergencePolicy.Rollback)} to restart from {(lastGood is null ? "the initial weights" : "it")} with fresh noise, or try a lower {names.Name(nameof(options.LearningRate))}";
        return new DcganException($"training diverged at epoch {epoch}, iteration {iteration}: {reason}; outputs in '{store.Folder}' were kept and {where}; {advice}");
    }
}
