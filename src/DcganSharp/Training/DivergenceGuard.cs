namespace DcganSharp.Training;

/// <summary>
/// Watches the per-iteration statistics for the two ways DCGAN training dies: non-finite losses,
/// and a discriminator that wins outright (D(x) pinned at 1 and D(G(z)) at 0, so the generator
/// gets no gradient: the "Loss_D ~0, Loss_G ~40" collapse) for <see cref="Patience"/> iterations.
/// </summary>
/// <param name="margin">How close to 1 (D(x)) and 0 (D(G(z))) counts as pinned.</param>
internal sealed class DivergenceGuard(int patience, double margin = 0.01)
{
    public int Patience { get; } = patience;

    /// <summary>Global step at which the current run of collapsed iterations began, if one is under way.</summary>
    public long? StreakStart { get; private set; }

    int streak;

    /// <summary>Records one iteration; returns why training diverged, or null while it is healthy.</summary>
    public string? Observe(long globalStep, StepStatistics s)
    {
        if (!s.IsFinite)
        {
            StreakStart ??= globalStep;
            return $"the losses became non-finite (Loss_D {s.LossD}, Loss_G {s.LossG})";
        }
        var collapsed = s.DReal >= 1 - margin && Math.Max(s.DFakeBeforeUpdate, s.DFakeAfterUpdate) <= margin;
        if (!collapsed)
        {
            streak = 0;
            StreakStart = null;
            return null;
        }
        StreakStart ??= globalStep;
        streak++;
        return streak >= Patience
            ? $"the discriminator has won for {streak} iterations (D(x) {s.DReal:F4}, D(G(z)) {s.DFakeAfterUpdate:F4}): the generator no longer learns"
            : null;
    }

    public void Reset()
    {
        streak = 0;
        StreakStart = null;
    }
}
