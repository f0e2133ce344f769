using DcganSharp.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DcganSharp.Reporting;

/// <summary>
/// TensorBoard event files through TorchSharp's SummaryWriter: the reference's five per-iteration
/// numbers as scalars (Loss_D, Loss_G, D_x, D_G_z1, D_G_z2) and the fixed-noise grid as an image.
/// Point `tensorboard --logdir` at <see cref="LogDir"/>. A resumed run adds a new event file to the
/// same folder; TensorBoard merges them by step.
/// </summary>
internal sealed class TensorBoardLogger
{
    public const string ImageTag = "fixed_noise";

    readonly SummaryWriter writer;

    public string LogDir { get; }

    public TensorBoardLogger(string logDir)
    {
        LogDir = logDir;
        try
        {
            writer = torch.utils.tensorboard.SummaryWriter(logDir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DcganException($"cannot write TensorBoard logs to '{logDir}' ({IO.AtomicFile.Describe(e)}); choose a writable folder", e);
        }
    }

    /// <summary>The five statistics of one iteration at <paramref name="step"/> (the global step).</summary>
    public void Scalars(long step, StepStatistics statistics)
    {
        var at = Step(step);
        Guard(() =>
        {
            writer.add_scalar("Loss_D", statistics.LossD, at);
            writer.add_scalar("Loss_G", statistics.LossG, at);
            writer.add_scalar("D_x", statistics.DReal, at);
            writer.add_scalar("D_G_z1", statistics.DFakeBeforeUpdate, at);
            writer.add_scalar("D_G_z2", statistics.DFakeAfterUpdate, at);
        });
    }

    /// <summary>An iteration's statistics at its global step.</summary>
    public void Scalars(IterationReport report) => Scalars(MetricsRow.GlobalStepOf(report), report.Statistics);

    /// <summary>A uint8 [H, W, 3] image (e.g. <see cref="Imaging.ImageGrid.ToRgbBytes"/> of the fixed-noise samples) at <paramref name="step"/>.</summary>
    public void Image(long step, Tensor gridRgbBytes, string tag = ImageTag)
    {
        if (gridRgbBytes.dtype != ScalarType.Byte || gridRgbBytes.dim() != 3 || gridRgbBytes.shape[2] != 3)
            throw new ArgumentException($"expected a uint8 [H, W, 3] image, got {gridRgbBytes.dtype} [{string.Join(", ", gridRgbBytes.shape)}]");
        var at = Step(step);
        using var cpu = gridRgbBytes.cpu();
        Guard(() => writer.add_img(tag, cpu, at, dataformats: "HWC"));
    }

    // SummaryWriter counts steps in an int.
    static int Step(long step) => (int)Math.Clamp(step, 0, int.MaxValue);

    void Guard(Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DcganException($"cannot append to TensorBoard logs in '{LogDir}' ({IO.AtomicFile.Describe(e)}); free some disk space", e);
        }
    }
}
