using DcganSharp.Training;
using Xunit;

namespace DcganSharp.Tests.Training;

public sealed class DivergenceGuardTests
{
    static readonly StepStatistics Healthy = new(1.2f, 1.5f, 0.6f, 0.4f, 0.3f);
    static readonly StepStatistics Collapsed = new(0.0001f, 42f, 1f, 0f, 0f);

    [Fact]
    public void Non_finite_losses_diverge_at_once()
    {
        var guard = new DivergenceGuard(patience: 100);
        Assert.Null(guard.Observe(1, Healthy));
        Assert.Contains("non-finite", guard.Observe(2, Healthy with { LossG = float.NaN }));
        Assert.Equal(2, guard.StreakStart);
    }

    [Fact]
    public void A_won_discriminator_diverges_only_after_patience_iterations_in_a_row()
    {
        var guard = new DivergenceGuard(patience: 3);
        Assert.Null(guard.Observe(10, Collapsed));
        Assert.Null(guard.Observe(11, Collapsed));
        Assert.Null(guard.Observe(12, Healthy));
        Assert.Null(guard.StreakStart);
        Assert.Null(guard.Observe(13, Collapsed));
        Assert.Null(guard.Observe(14, Collapsed));
        Assert.Contains("discriminator has won for 3 iterations", guard.Observe(15, Collapsed));
        Assert.Equal(13, guard.StreakStart);
    }

    [Fact]
    public void The_margin_decides_what_counts_as_pinned()
    {
        var nearlyPinned = new StepStatistics(0.05f, 4f, 0.97f, 0.02f, 0.02f);
        Assert.Null(new DivergenceGuard(1, margin: 0.01).Observe(1, nearlyPinned));
        Assert.NotNull(new DivergenceGuard(1, margin: 0.05).Observe(1, nearlyPinned));
    }
}
