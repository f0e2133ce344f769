using DcganSharp.Training;

namespace DcganSharp.Reporting;

/// <summary>One training iteration as metrics.csv records it.</summary>
/// <param name="GlobalStep">Iterations before this one over the whole run: epoch * iterations per epoch + iteration.</param>
/// <param name="WallTime">Unix time in seconds when the iteration finished (TensorBoard's wall_time).</param>
/// <param name="Fid">FID measured after this iteration (train --eval-every), else null.</param>
internal sealed record MetricsRow(
    int Epoch, int Iteration, long GlobalStep,
    double LossD, double LossG, double DReal, double DFakeBeforeUpdate, double DFakeAfterUpdate,
    double ImagesPerSecond, double WallTime, double? Fid = null)
{
    public static MetricsRow From(IterationReport report, DateTimeOffset finishedAt)
    {
        var s = report.Statistics;
        return new MetricsRow(report.Epoch, report.Iteration, GlobalStepOf(report),
            s.LossD, s.LossG, s.DReal, s.DFakeBeforeUpdate, s.DFakeAfterUpdate,
            report.ImagesPerSecond, finishedAt.ToUnixTimeMilliseconds() / 1000.0);
    }

    /// <summary>The run-wide step of an iteration, the x axis of every plot and TensorBoard scalar.</summary>
    public static long GlobalStepOf(IterationReport report) => (long)report.Epoch * report.IterationsPerEpoch + report.Iteration;
}
