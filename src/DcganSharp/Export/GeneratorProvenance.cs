using System.Text.RegularExpressions;
using DcganSharp.Checkpoints;
using DcganSharp.Generation;
using DcganSharp.Training;

namespace DcganSharp.Export;

/// <summary>
/// What is known about where a generator's weights came from, for an exported model's metadata:
/// everything a training checkpoint records, the little a weights file's name tells, nothing more.
/// </summary>
/// <param name="Source">The weights file's name (not its path, which would leak the exporter's folders).</param>
/// <param name="Weights">"average" (the generator's moving average), "trained" (the generator itself), or null when unknown.</param>
/// <param name="Recipe">"quality" or "reference"; null when unknown.</param>
/// <param name="Iterations">Training iterations behind the weights.</param>
internal sealed partial record GeneratorProvenance(string Source, string? Weights, string? Recipe, string? Dataset, long? Seed, long? Iterations)
{
    /// <summary>A conditional generator's class names in label order; null when unconditional.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>Reads the checkpoint the generator was loaded from, if it was; a plain weights file gives only its name.</summary>
    public static GeneratorProvenance Of(LoadedGenerator loaded) =>
        Read(loaded) with { ClassNames = loaded.ClassNames.Count > 0 ? loaded.ClassNames : null };

    static GeneratorProvenance Read(LoadedGenerator loaded)
    {
        var file = Path.GetFileName(loaded.WeightsPath);
        if (!TrainingCheckpoint.IsCheckpointFile(loaded.WeightsPath))
        {
            var match = EpochFile().Match(file);
            return new(file, match.Success ? (match.Groups[1].Success ? "average" : "trained") : null, null, null, null, null);
        }

        // The loader has just read and verified this file.
        using var checkpoint = TrainingCheckpoint.Load(loaded.WeightsPath);
        var options = checkpoint.Config.Options;
        var recipe = (checkpoint.Config.Recipe?.Name ?? RecipeName.Reference) == RecipeName.Quality ? "quality" : "reference";
        return new(file, checkpoint.GeneratorAverage is null ? "trained" : "average", recipe, options.Dataset is { } dataset ? Spelling.Of(dataset) : null, options.Seed,
            checkpoint.Progress.GlobalStep);
    }

    // dcgan train's names: netG_ema_epoch_N.pth is the average, netG_epoch_N.pth (pytorch/examples' name too) the generator itself.
    [GeneratedRegex(@"^netG_(ema_)?epoch_\d+\.pth$")]
    private static partial Regex EpochFile();
}
