namespace DcganSharp.Checkpoints;

/// <summary>Where a run stands: the next batch to train and how it got there.</summary>
/// <param name="Epoch">Epoch of the next batch (0-based).</param>
/// <param name="NextBatch">Index of the next batch within <paramref name="Epoch"/>.</param>
/// <param name="GlobalStep">Iterations trained so far, over all epochs.</param>
/// <param name="Rollbacks">How many times the divergence guard rolled this run back.</param>
/// <param name="NoiseSeed">Seed of the latent-noise stream after the last rollback (the run's seed until then).</param>
internal sealed record TrainingProgress(int Epoch, int NextBatch, long GlobalStep, int Rollbacks, long NoiseSeed);
