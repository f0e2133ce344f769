namespace DcganSharp;

/// <summary>Where training is and what the last iteration reported.</summary>
/// <param name="Epoch">The epoch, from 0.</param>
/// <param name="Epochs">Epochs in the run.</param>
/// <param name="Iteration">The iteration within the epoch, from 0.</param>
/// <param name="IterationsPerEpoch">Iterations in each epoch.</param>
/// <param name="Statistics">The iteration's losses and D's outputs.</param>
/// <param name="Remaining">Estimated time to the end of the run.</param>
/// <param name="ImagesPerSecond">Training throughput over the recent iterations.</param>
public sealed record IterationReport(int Epoch, int Epochs, int Iteration, int IterationsPerEpoch, StepStatistics Statistics, double ImagesPerSecond, TimeSpan Remaining)
{
    /// <summary>pytorch/examples' per-iteration line.</summary>
    public string ReferenceLine =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"[{Epoch}/{Epochs}][{Iteration}/{IterationsPerEpoch}] Loss_D: {Statistics.LossD:F4} Loss_G: {Statistics.LossG:F4} D(x): {Statistics.DReal:F4} D(G(z)): {Statistics.DFakeBeforeUpdate:F4} / {Statistics.DFakeAfterUpdate:F4}");
}
