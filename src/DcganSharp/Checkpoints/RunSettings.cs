namespace DcganSharp.Checkpoints;

/// <summary>
/// How a run was told to behave beyond its networks and data: sample grids, checkpoints, the
/// divergence guard, TF32 and quality tracking. Stored in its checkpoints so that `--resume`
/// carries on as the run began (a sample grid draws the fixed noise through G in training mode,
/// which moves BatchNorm's running statistics, so even --sample-every changes the weights files).
/// Paths are absolute, so a resume from another folder finds the same files.
/// </summary>
internal sealed record RunSettings
{
    public required int SampleEvery { get; init; }

    public required int SaveEvery { get; init; }

    public required int Keep { get; init; }

    public required string OnDiverge { get; init; }

    public required int CollapsePatience { get; init; }

    public required double CollapseMargin { get; init; }

    public required int MaxRollbacks { get; init; }

    public required bool AllowTf32 { get; init; }

    public required bool TensorBoard { get; init; }

    public required int EvalEvery { get; init; }

    public string? EvalFeatures { get; init; }

    public required int EvalSamples { get; init; }

    public string? EvalCacheFolder { get; init; }
}
