using DcganSharp.Training;
using static TorchSharp.torch;

namespace DcganSharp.Reporting;

/// <summary>
/// The training run's visual outputs behind two calls, for the trainer: every iteration goes to
/// metrics.csv (and TensorBoard scalars); every epoch end adds a progress.gif frame, redraws
/// losses.png from the whole metrics.csv (so a resumed run's plot covers all its sessions), and
/// logs the fixed-noise grid to TensorBoard.
/// </summary>
internal sealed class TrainingVisuals : IDisposable
{
    readonly string outputFolder;
    readonly MetricsCsv metrics;
    readonly ProgressAnimation progress;

    public TensorBoardLogger? TensorBoard { get; }

    /// <param name="outputFolder">The run's --outf.</param>
    /// <param name="tensorBoardLogDir">Where TensorBoard event files go, or null for none.</param>
    /// <param name="resumeFromStep">The global step a resumed run restarts at; later metrics rows are dropped.</param>
    public TrainingVisuals(string outputFolder, string? tensorBoardLogDir = null, long? resumeFromStep = null)
    {
        this.outputFolder = outputFolder;
        metrics = new MetricsCsv(Path.Combine(outputFolder, MetricsCsv.FileName), resumeFromStep);
        progress = ProgressAnimation.ForOutputFolder(outputFolder);
        TensorBoard = tensorBoardLogDir is null ? null : new TensorBoardLogger(tensorBoardLogDir);
    }

    public string MetricsPath => metrics.Path;

    public string LossPlotPath => Path.Combine(outputFolder, LossPlot.FileName);

    public string ProgressPath => Path.Combine(outputFolder, ProgressAnimation.FileName);

    /// <summary>Records one iteration (and the FID measured after it, if any).</summary>
    public void Iteration(IterationReport report, double? fid = null)
    {
        metrics.Append(report, fid);
        TensorBoard?.Scalars(report);
    }

    /// <summary>
    /// Records the end of <paramref name="epoch"/>: <paramref name="fixedNoiseGrid"/> is the
    /// fixed-noise samples as uint8 [H, W, 3], e.g. <c>ImageGrid.ToRgbBytes(G(fixedNoise), normalize: false)</c>
    /// (a fixed pixel mapping keeps brightness comparable from frame to frame).
    /// </summary>
    public void EpochEnd(int epoch, long globalStep, Tensor fixedNoiseGrid)
    {
        progress.AddFrame(epoch, fixedNoiseGrid);
        progress.Write(ProgressPath);
        LossPlot.Write(TrainingHistory.Read(MetricsPath), LossPlotPath);
        TensorBoard?.Image(globalStep, fixedNoiseGrid);
    }

    public void Dispose() => metrics.Dispose();
}
