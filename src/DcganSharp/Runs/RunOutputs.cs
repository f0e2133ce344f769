using DcganSharp.Imaging;
using DcganSharp.Interop;
using DcganSharp.Reporting;
using DcganSharp.Training;
using static TorchSharp.torch;

namespace DcganSharp.Runs;

/// <summary>
/// The files a run writes besides its checkpoints: pytorch/examples' real_samples.png,
/// fake_samples_epoch_NNN.png and netG/netD_epoch_N.pth (with netG_ema_epoch_N.pth beside them),
/// metrics.csv, losses.png and progress.gif (and TensorBoard), with --eval-every the FID log, and
/// for a conditional run its classes.json.
/// </summary>
internal sealed class RunOutputs : IDisposable
{
    readonly DcganOptions options;
    readonly RunState run;
    readonly string outf;
    readonly Device device;
    readonly ITrainingReporter reporter;
    TrainingVisuals visuals;
    QualityTracker? quality;

    public RunOutputs(DcganOptions options, RunState run, string outf, Device device, ITrainingReporter reporter)
    {
        this.options = options;
        this.run = run;
        this.outf = outf;
        this.device = device;
        this.reporter = reporter;
        // A conditional run's class names, for sampling its netG_*.pth by name.
        if (run.ClassNames is { } classNames)
            Checkpoints.ClassNamesFile.Write(outf, classNames);
        visuals = OpenVisuals();
        try
        {
            quality = QualityTracker.Open(options, run, device, reporter, outf);
        }
        catch
        {
            visuals.Dispose();
            throw;
        }
    }

    /// <summary>After an iteration on <paramref name="real"/>: its metrics row (and FID when due), and the sample grids every --sample-every iterations.</summary>
    public void Iteration(IterationReport report, Tensor real)
    {
        visuals.Iteration(report, quality?.MeasureIfDue(run.Progress.GlobalStep, report.Epoch, run.Sampled, device, reporter));
        if (report.Iteration % options.SampleEvery == 0)
        {
            WriteGrid(real, "real_samples.png");
            WriteFixedNoiseSamples(report.Epoch).Dispose();
        }
    }

    /// <summary>At an epoch's end: a last fake_samples grid (also progress.gif's frame) and the epoch's weight files.</summary>
    public void EpochEnd(int epoch)
    {
        using (var fake = WriteFixedNoiseSamples(epoch))
        using (var frame = ImageGrid.ToRgbBytes(fake, normalize: false))
            visuals.EpochEnd(epoch, run.Progress.GlobalStep, frame);
        // netG_epoch_N.pth stays the trained generator, loadable by pytorch/examples as it is; the average beside it.
        StateDictFile.Save(run.Generator, Path.Combine(outf, $"netG_epoch_{epoch}.pth"));
        if (run.Average is { } average)
            StateDictFile.Save(average.Average, Path.Combine(outf, $"netG_ema_epoch_{epoch}.pth"));
        StateDictFile.Save(run.Discriminator, Path.Combine(outf, $"netD_epoch_{epoch}.pth"));
    }

    /// <summary>After a rollback: the logs continue from the step the run went back to.</summary>
    public void Restart()
    {
        visuals.Dispose();
        visuals = OpenVisuals();
        quality?.Dispose();
        quality = QualityTracker.Open(options, run, device, reporter, outf);
    }

    TrainingVisuals OpenVisuals() =>
        new(outf, options.TensorBoard ? Path.Combine(outf, "tensorboard") : null, resumeFromStep: run.Progress.GlobalStep);

    /// <summary>Writes fake_samples_epoch_NNN.png and returns the samples (the caller disposes them).</summary>
    Tensor WriteFixedNoiseSamples(int epoch)
    {
        Tensor fake;
        if (run.Average is null)
        {
            // Like the reference: the fixed noise goes through G in training mode (batch statistics).
            using var noGrad = no_grad();
            fake = run.Generator.forward(run.FixedNoise, run.FixedLabels);
        }
        else
        {
            // The average in eval mode, as `dcgan sample` draws it.
            fake = run.Sampled().forward(run.FixedNoise, run.FixedLabels);
        }
        WriteGrid(fake, $"fake_samples_epoch_{epoch:D3}.png");
        return fake;
    }

    void WriteGrid(Tensor images, string name)
    {
        using var grid = ImageGrid.ToRgbBytes(images);
        PngFile.Write(Path.Combine(outf, name), grid);
    }

    public void Dispose()
    {
        quality?.Dispose();
        visuals.Dispose();
    }
}
