using DcganSharp.Evaluation;
using DcganSharp.Models;
using DcganSharp.Reporting;
using DcganSharp.Training;
using static TorchSharp.torch;

namespace DcganSharp.Runs;

/// <summary>
/// `train --eval-every N`: measures the generator's quality every N iterations with a
/// <see cref="QualityProbe"/>, logs every metric to fid.csv, redraws fid.png, and hands the FID
/// back for metrics.csv.
/// </summary>
internal sealed class QualityTracker : IDisposable
{
    readonly QualityProbe probe;
    readonly QualityCsv csv;
    readonly DcganOptions options;
    readonly string outf;

    QualityTracker(QualityProbe probe, QualityCsv csv, DcganOptions options, string outf)
    {
        this.probe = probe;
        this.csv = csv;
        this.options = options;
        this.outf = outf;
    }

    /// <summary>Null unless --eval-every is set. Real statistics are computed (and cached) here, once.</summary>
    public static QualityTracker? Open(DcganOptions options, DcganArchitecture architecture, Device device, ITrainingReporter reporter, string outf, long resumeFromStep)
    {
        if (options.EvalEvery == 0)
            return null;
        var log = new ReporterWriter(reporter);
        QualityProbe probe;
        using (HostThreads.ForCpuWork())
            probe = QualityProbe.Open(options.EvalFeatures!, Spelling.Of(options.Dataset!.Value), options.DataRoot, architecture, device, log,
                options.EvalCacheFolder, allowDownload: options.Download);
        try
        {
            return new QualityTracker(probe, new QualityCsv(Path.Combine(outf, QualityCsv.FileName), resumeFromStep), options, outf);
        }
        catch
        {
            probe.Dispose();
            throw;
        }
    }

    /// <summary>The FID after <paramref name="globalStep"/> iterations, when a measurement is due; else null.</summary>
    /// <param name="sampled">Gives the generator to measure (called only when a measurement is due).</param>
    public double? MeasureIfDue(long globalStep, int epoch, Func<DcganGenerator> sampled, Device device, ITrainingReporter reporter)
    {
        if (globalStep % options.EvalEvery != 0)
            return null;
        var generator = sampled();
        QualityResult result;
        using (HostThreads.ForCpuWork())
            result = probe.Measure(generator, options.EvalSamples, device);
        // fid.csv's global_step is that of the metrics.csv row the measurement follows (0-based).
        csv.Append(globalStep - 1, epoch, result);
        FidPlot.Write(QualityCsv.ReadFid(csv.Path), Path.Combine(outf, FidPlot.FileName));
        reporter.Info(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"step {globalStep}: FID {result.Fid:F2}, KID {result.Kid.Mean:F4}, precision {result.Precision:F3}, recall {result.Recall:F3} ({result.Samples} samples, {result.Seconds:F1} s)"));
        return result.Fid;
    }

    public void Dispose()
    {
        csv.Dispose();
        probe.Dispose();
    }
}
