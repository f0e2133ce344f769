namespace DcganSharp.Training;

/// <summary>One iteration of the loss history kept in checkpoints (and drawn in losses.png).</summary>
internal readonly record struct HistoryEntry(int Epoch, int Iteration, StepStatistics Statistics);
