using DcganSharp.Checkpoints;
using DcganSharp.Training;

namespace DcganSharp.Runs;

/// <summary>
/// Combines a checkpoint's configuration with the flags given alongside --resume: flags that
/// would change the networks or the data are refused, harmless ones (niter, outf, device, ...)
/// are applied and reported.
/// </summary>
internal static class ResumePlan
{
    const string Inexact = " (the resumed run will not repeat the original one exactly)";

    public static (TrainingOptions Options, List<string> Notes) Merge(TrainingOptions given, CheckpointConfig saved, string checkpointPath)
    {
        var notes = new List<string>();
        bool IsGiven(string property) => given.Explicit.Contains(property);

        var conflicts = new List<string>();
        void Architecture(string property, string flag, int value, int savedValue)
        {
            if (IsGiven(property) && value != savedValue)
                conflicts.Add($"{flag} {value} (checkpoint: {savedValue})");
        }
        var a = saved.Architecture;
        Architecture(nameof(TrainingOptions.ImageSize), "--image-size", given.ImageSize, a.ImageSize);
        Architecture(nameof(TrainingOptions.LatentSize), "--nz", given.LatentSize, a.LatentSize);
        Architecture(nameof(TrainingOptions.GeneratorFeatures), "--ngf", given.GeneratorFeatures, a.GeneratorFeatures);
        Architecture(nameof(TrainingOptions.DiscriminatorFeatures), "--ndf", given.DiscriminatorFeatures, a.DiscriminatorFeatures);
        Architecture(nameof(TrainingOptions.Channels), "--channels", given.Channels ?? a.Channels, a.Channels);
        if (conflicts.Count > 0)
        {
            var requested = a with
            {
                ImageSize = IsGiven(nameof(TrainingOptions.ImageSize)) ? given.ImageSize : a.ImageSize,
                LatentSize = IsGiven(nameof(TrainingOptions.LatentSize)) ? given.LatentSize : a.LatentSize,
                GeneratorFeatures = IsGiven(nameof(TrainingOptions.GeneratorFeatures)) ? given.GeneratorFeatures : a.GeneratorFeatures,
                DiscriminatorFeatures = IsGiven(nameof(TrainingOptions.DiscriminatorFeatures)) ? given.DiscriminatorFeatures : a.DiscriminatorFeatures,
                Channels = IsGiven(nameof(TrainingOptions.Channels)) ? given.Channels ?? a.Channels : a.Channels,
            };
            throw new ResumeArchitectureConflict(checkpointPath, conflicts, requested);
        }

        if (IsGiven(nameof(TrainingOptions.Dataset)) && !SameDataset(given.Dataset, saved.Dataset))
            throw DcganException.Usage($"--dataset {given.Dataset} contradicts checkpoint '{checkpointPath}' (trained on {saved.Dataset}); drop --dataset to resume, or start a new run from its weights with --netG/--netD");
        if (IsGiven(nameof(TrainingOptions.Seed)) && given.Seed != saved.Seed)
            throw DcganException.Usage($"--manual-seed {given.Seed} contradicts checkpoint '{checkpointPath}' (seed {saved.Seed}); a resumed run keeps its seed, so drop the flag");

        void Changed<T>(string property, string flag, T value, T savedValue, string consequence)
        {
            if (IsGiven(property) && !EqualityComparer<T>.Default.Equals(value, savedValue))
                notes.Add($"{flag} {value} replaces the checkpoint's {savedValue}{consequence}");
        }
        Changed(nameof(TrainingOptions.Epochs), "--niter", given.Epochs, saved.Epochs, "");
        Changed(nameof(TrainingOptions.BatchSize), "--batch-size", given.BatchSize, saved.BatchSize, Inexact);
        Changed(nameof(TrainingOptions.LearningRate), "--lr", given.LearningRate, saved.LearningRate, Inexact);
        Changed(nameof(TrainingOptions.Beta1), "--beta1", given.Beta1, saved.Beta1, Inexact);

        var checkpointFolder = Path.GetDirectoryName(Path.GetFullPath(checkpointPath))!;
        var merged = given with
        {
            Dataset = saved.Dataset,
            FakeCount = saved.FakeCount,
            DataRoot = IsGiven(nameof(TrainingOptions.DataRoot)) ? given.DataRoot : saved.DataRoot,
            ImageSize = a.ImageSize,
            LatentSize = a.LatentSize,
            GeneratorFeatures = a.GeneratorFeatures,
            DiscriminatorFeatures = a.DiscriminatorFeatures,
            // The data must look as it did: same channels, split and crop (workers and cache may change).
            Channels = a.Channels,
            Split = saved.Split ?? given.Split,
            CelebaCrop = saved.CelebaCrop ?? given.CelebaCrop,
            Epochs = IsGiven(nameof(TrainingOptions.Epochs)) ? given.Epochs : saved.Epochs,
            BatchSize = IsGiven(nameof(TrainingOptions.BatchSize)) ? given.BatchSize : saved.BatchSize,
            LearningRate = IsGiven(nameof(TrainingOptions.LearningRate)) ? given.LearningRate : saved.LearningRate,
            Beta1 = IsGiven(nameof(TrainingOptions.Beta1)) ? given.Beta1 : saved.Beta1,
            Seed = saved.Seed,
            OutputFolder = IsGiven(nameof(TrainingOptions.OutputFolder)) ? given.OutputFolder : checkpointFolder,
        };
        if (saved.Run is { } run)
            merged = KeepRunSettings(merged, run, IsGiven, notes);
        merged = KeepRecipe(merged, saved.Recipe ?? TrainingRecipe.Reference, IsGiven, notes);
        if (IsGiven(nameof(TrainingOptions.OutputFolder)) && Path.GetFullPath(given.OutputFolder) != checkpointFolder)
            notes.Add($"--outf {given.OutputFolder}: continuing the run from '{checkpointFolder}' there");
        return (merged, notes);
    }

    /// <summary>The checkpoint's run settings, except those given again (noted where they differ).</summary>
    static TrainingOptions KeepRunSettings(TrainingOptions given, RunSettings saved, Func<string, bool> isGiven, List<string> notes)
    {
        T Pick<T>(string property, string flag, T value, T savedValue, string consequence = "")
        {
            if (!isGiven(property))
                return savedValue;
            if (!EqualityComparer<T>.Default.Equals(value, savedValue))
                notes.Add($"{flag} {value} replaces the checkpoint's {savedValue}{consequence}");
            return value;
        }
        static string? Full(string? path) => path is null ? null : Path.GetFullPath(path);
        return given with
        {
            // Each sample grid moves G's BatchNorm statistics, as in the reference.
            SampleEvery = Pick(nameof(TrainingOptions.SampleEvery), "--sample-every", given.SampleEvery, saved.SampleEvery, Inexact),
            SaveEvery = Pick(nameof(TrainingOptions.SaveEvery), "--save-every", given.SaveEvery, saved.SaveEvery),
            Keep = Pick(nameof(TrainingOptions.Keep), "--keep", given.Keep, saved.Keep),
            OnDiverge = Pick(nameof(TrainingOptions.OnDiverge), "--on-diverge", given.OnDiverge, saved.OnDiverge),
            CollapsePatience = Pick(nameof(TrainingOptions.CollapsePatience), "--collapse-patience", given.CollapsePatience, saved.CollapsePatience),
            CollapseMargin = Pick(nameof(TrainingOptions.CollapseMargin), "--collapse-margin", given.CollapseMargin, saved.CollapseMargin),
            MaxRollbacks = Pick(nameof(TrainingOptions.MaxRollbacks), "--max-rollbacks", given.MaxRollbacks, saved.MaxRollbacks),
            AllowTf32 = isGiven(nameof(TrainingOptions.AllowTf32)) ? given.AllowTf32 : saved.AllowTf32,
            TensorBoard = isGiven(nameof(TrainingOptions.TensorBoard)) ? given.TensorBoard : saved.TensorBoard,
            EvalEvery = Pick(nameof(TrainingOptions.EvalEvery), "--eval-every", given.EvalEvery, saved.EvalEvery),
            EvalFeatures = Pick(nameof(TrainingOptions.EvalFeatures), "--eval-features", Full(given.EvalFeatures), saved.EvalFeatures),
            EvalSamples = Pick(nameof(TrainingOptions.EvalSamples), "--eval-samples", given.EvalSamples, saved.EvalSamples),
            EvalCacheFolder = Pick(nameof(TrainingOptions.EvalCacheFolder), "--cache-dir", Full(given.EvalCacheFolder), saved.EvalCacheFolder),
        };
    }

    /// <summary>
    /// The checkpoint's recipe (a checkpoint from before recipes trained as the reference), unless
    /// --recipe is given again; --augment, --ema-half-life and --lr-d still override its parts.
    /// </summary>
    static TrainingOptions KeepRecipe(TrainingOptions given, TrainingRecipe saved, Func<string, bool> isGiven, List<string> notes)
    {
        var merged = isGiven(nameof(TrainingOptions.Recipe)) ? given with { ResumedRecipe = null } : given with { ResumedRecipe = saved, Recipe = saved.Name };
        var recipe = merged.ResolveRecipe();
        if (recipe != saved)
            notes.Add($"the recipe is now {recipe}, not the checkpoint's {saved}{Inexact}");
        return merged;
    }

    static bool SameDataset(string a, string b) => Normalize(a) == Normalize(b);

    static string Normalize(string name) => name.Trim().ToLowerInvariant().Replace("_", "-") switch
    {
        "fashionmnist" => "fashion-mnist",
        "imagenet" or "lfw" => "folder",
        var n => n,
    };
}

/// <summary>Flags given with --resume that would build different networks than the checkpoint's.</summary>
internal sealed class ResumeArchitectureConflict(string checkpointPath, IReadOnlyList<string> conflicts, Models.DcganArchitecture requested)
    : DcganException($"{string.Join(", ", conflicts)} {(conflicts.Count == 1 ? "contradicts" : "contradict")} checkpoint '{checkpointPath}'", exitCode: 2)
{
    public string CheckpointPath { get; } = checkpointPath;

    public IReadOnlyList<string> Conflicts { get; } = conflicts;

    /// <summary>The networks the flags describe, to name the tensors that differ.</summary>
    public Models.DcganArchitecture Requested { get; } = requested;
}
