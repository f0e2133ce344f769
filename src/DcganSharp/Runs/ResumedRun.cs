using DcganSharp.Checkpoints;
using DcganSharp.Models;
using DcganSharp.Training;
using static TorchSharp.torch;

namespace DcganSharp.Runs;

/// <summary>The checkpoint a resumed run continues from, and the options and recipe it continues with (<see cref="ResumePlan"/>).</summary>
internal sealed class ResumedRun(DcganOptions options, TrainingRecipe recipe, TrainingCheckpoint checkpoint, string path) : IDisposable
{
    public DcganOptions Options => options;

    public TrainingRecipe Recipe => recipe;

    public TrainingCheckpoint Checkpoint => checkpoint;

    public string Path => path;

    /// <summary>Null for a new run; else the checkpoint, loaded and merged with <paramref name="given"/>.</summary>
    public static ResumedRun? Open(DcganOptions given, ITrainingReporter reporter, SettingNames names)
    {
        if (given.Resume is not { } resume)
            return null;
        var path = CheckpointStore.Resolve(resume, names);
        var checkpoint = CheckpointStore.LoadNamingFallback(path, names);
        try
        {
            var (options, recipe, notes) = ResumePlan.Merge(given, checkpoint.Config, path, names);
            TrainingOptionsValidator.Validate(options, names);
            var p = checkpoint.Progress;
            reporter.Info($"Resuming '{path}': epoch {p.Epoch}, iteration {p.NextBatch}, step {p.GlobalStep}");
            foreach (var note in notes)
                reporter.Info(note);
            return new ResumedRun(options, recipe, checkpoint, path);
        }
        catch (ResumeArchitectureConflict conflict)
        {
            using (checkpoint)
                throw new DcganException($"{conflict.Message}: {TensorMismatches(conflict, checkpoint, names)}; drop those {names.Plural} to resume, or start a new run", exitCode: 2);
        }
        catch
        {
            checkpoint.Dispose();
            throw;
        }
    }

    /// <summary>Builds the networks the conflicting settings describe, to name the tensors that would not fit.</summary>
    static string TensorMismatches(ResumeArchitectureConflict conflict, TrainingCheckpoint checkpoint, SettingNames names)
    {
        var requested = conflict.Requested;
        var problems = new List<string>();
        using var generator = new DcganGenerator(requested);
        using var discriminator = new DcganDiscriminator(requested);
        foreach (var (network, saved, name) in new (nn.Module, Dictionary<string, Tensor>, string)[] { (generator, checkpoint.Generator, "netG"), (discriminator, checkpoint.Discriminator, "netD") })
        {
            foreach (var (key, tensor) in network.state_dict())
            {
                if (saved.TryGetValue(key, out var value) && !value.shape.SequenceEqual(tensor.shape))
                    problems.Add($"{name} {key} is {string.Join("x", value.shape)} in the checkpoint but {string.Join("x", tensor.shape)} with these {names.Plural}");
                else if (!saved.ContainsKey(key) && !key.EndsWith("num_batches_tracked", StringComparison.Ordinal))
                    problems.Add($"{name} {key} does not exist in the checkpoint");
            }
        }
        return problems.Count == 0 ? "the networks would differ" : string.Join("; ", problems.Take(4)) + (problems.Count > 4 ? $"; and {problems.Count - 4} more" : "");
    }

    public void Dispose() => checkpoint.Dispose();
}
