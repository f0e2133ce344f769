namespace DcganSharp;

/// <summary>What training does when it diverges (a NaN loss, or D winning outright for a long time; `--on-diverge`).</summary>
public enum DivergencePolicy
{
    /// <summary>Stop with an error; the last checkpoint is kept.</summary>
    [Spelled("stop")]
    Stop,

    /// <summary>Go back to the last good checkpoint and continue with fresh noise and D's learning rate halved.</summary>
    [Spelled("rollback")]
    Rollback,

    /// <summary>Keep training.</summary>
    [Spelled("ignore")]
    Ignore,
}
