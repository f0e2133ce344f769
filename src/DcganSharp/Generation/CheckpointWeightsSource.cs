using DcganSharp.Checkpoints;
using static TorchSharp.torch;

namespace DcganSharp.Generation;

/// <summary>
/// The generator inside a dcgan training checkpoint (checkpoint.pt, checkpoint-epoch-N.pt): its
/// moving average when the run keeps one (it draws the cleaner images), else the trained generator.
/// </summary>
internal sealed class CheckpointWeightsSource : IGeneratorWeightsSource
{
    public Dictionary<string, Tensor>? TryRead(string path, string role)
    {
        if (!TrainingCheckpoint.IsCheckpointFile(path))
            return null;
        using var checkpoint = TrainingCheckpoint.Load(path);
        return (checkpoint.GeneratorAverage ?? checkpoint.Generator).ToDictionary(p => p.Key, p => p.Value.clone());
    }
}
