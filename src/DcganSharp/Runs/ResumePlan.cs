using System.Reflection;
using DcganSharp.Checkpoints;
using DcganSharp.Models;
using DcganSharp.Training;

namespace DcganSharp.Runs;

/// <summary>
/// Combines a checkpoint's options with the ones given alongside --resume, property by property
/// (<see cref="StoredSettings"/>): a setting not given again keeps the checkpoint's value; one
/// given again with another value is applied and reported, or refused where its
/// <see cref="OnResumeAttribute"/> says the run would no longer be its own.
/// </summary>
internal static class ResumePlan
{
    const string Inexact = " (the resumed run will not repeat the original one exactly)";

    /// <param name="given">This invocation's options; <see cref="DcganOptions.Explicit"/> says which were given.</param>
    /// <param name="saved">The checkpoint's configuration.</param>
    /// <param name="checkpointPath">The checkpoint, for messages.</param>
    /// <param name="names">How messages name a setting (the command line passes its flags); default: the library's names.</param>
    /// <returns>The options to continue with, the recipe to continue with (the checkpoint's, with the settings given again applied), and what changed.</returns>
    public static (DcganOptions Options, TrainingRecipe Recipe, List<string> Notes) Merge(DcganOptions given, CheckpointConfig saved, string checkpointPath, SettingNames? names = null)
    {
        names ??= SettingNames.Library;
        var merged = given with { };
        var notes = new List<string>();
        var architecture = new List<string>();
        var refused = new List<string>();
        foreach (var property in StoredSettings.Properties)
        {
            var savedValue = property.GetValue(saved.Options);
            var value = property.GetValue(given);
            if (StoredSettings.IsPath(property))
                value = StoredSettings.FullPath((string?)value);
            if (!given.Explicit.Contains(property.Name) || Equals(value, savedValue))
            {
                property.SetValue(merged, savedValue);
                continue;
            }
            var setting = names.Setting(property.Name, value);
            switch (StoredSettings.RuleOf(property))
            {
                case ResumeRule.Architecture:
                    architecture.Add($"{setting} (checkpoint: {names.Value(property.Name, savedValue)})");
                    break;
                case ResumeRule.Refuse:
                    refused.Add($"{setting} (checkpoint: {names.Value(property.Name, savedValue)})");
                    break;
                case var rule:
                    property.SetValue(merged, value);
                    notes.Add($"{setting} replaces the checkpoint's {names.Value(property.Name, savedValue)}{(rule == ResumeRule.ReplaceInexactly ? Inexact : "")}");
                    break;
            }
        }
        if (architecture.Count > 0)
        {
            // Unset above, the conflicting properties still hold the values given: the networks they describe.
            var requested = new DcganArchitecture(merged.ImageSize, merged.Channels ?? saved.Architecture.Channels, merged.LatentSize, merged.GeneratorFeatures,
                merged.DiscriminatorFeatures ?? saved.Architecture.DiscriminatorFeatures, saved.Architecture.Classes);
            throw new ResumeArchitectureConflict(checkpointPath, architecture, requested);
        }
        if (refused.Count > 0)
            throw DcganException.Usage($"{string.Join(", ", refused)} {Contradict(refused)} checkpoint '{checkpointPath}': a resumed run keeps its data and its seed; drop {(refused.Count == 1 ? "it" : "them")} to resume, or start a new run from its weights");

        var checkpointFolder = Path.GetDirectoryName(Path.GetFullPath(checkpointPath))!;
        var outputGiven = given.Explicit.Contains(nameof(DcganOptions.OutputFolder)) && given.OutputFolder is not null;
        merged = merged with { OutputFolder = outputGiven ? given.OutputFolder : checkpointFolder };
        if (outputGiven && Path.GetFullPath(given.OutputFolder!) != checkpointFolder)
            notes.Add($"{names.Setting(nameof(DcganOptions.OutputFolder), given.OutputFolder)}: continuing the run from '{checkpointFolder}' there");
        return KeepRecipe(merged, saved.Recipe ?? TrainingRecipe.Reference, notes);
    }

    /// <summary>
    /// The checkpoint's recipe (a checkpoint from before recipes trained as the reference), unless
    /// the recipe is given again; the settings that change its parts still override them.
    /// </summary>
    static (DcganOptions, TrainingRecipe, List<string>) KeepRecipe(DcganOptions given, TrainingRecipe saved, List<string> notes)
    {
        var again = given.Explicit.Contains(nameof(DcganOptions.Recipe));
        var merged = TrainingRecipe.WithDefaults(again ? given : given with { Recipe = saved.Name });
        var recipe = TrainingRecipe.Resolve(merged, again ? null : saved);
        if (recipe != saved)
            notes.Add($"the recipe is now {recipe}, not the checkpoint's {saved}{Inexact}");
        return (merged, recipe, notes);
    }

    static string Contradict(List<string> settings) => settings.Count == 1 ? "contradicts" : "contradict";
}

/// <summary>Settings given with --resume that would build different networks than the checkpoint's.</summary>
internal sealed class ResumeArchitectureConflict(string checkpointPath, IReadOnlyList<string> conflicts, DcganArchitecture requested)
    : DcganException($"{string.Join(", ", conflicts)} {(conflicts.Count == 1 ? "contradicts" : "contradict")} checkpoint '{checkpointPath}'", exitCode: 2)
{
    public string CheckpointPath { get; } = checkpointPath;

    public IReadOnlyList<string> Conflicts { get; } = conflicts;

    /// <summary>The networks the settings describe, to name the tensors that differ.</summary>
    public DcganArchitecture Requested { get; } = requested;
}
