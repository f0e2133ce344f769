using System.Globalization;
using DcganSharp.Checkpoints;
using DcganSharp.Evaluation;
using DcganSharp.Models;
using DcganSharp.Reporting;
using DcganSharp.Training;
using static TorchSharp.torch;

namespace DcganSharp.Runs;

/// <summary>
/// `train --eval-every N`: measures the generator's quality every N iterations with a
/// <see cref="QualityProbe"/>, logs every metric to fid.csv, redraws fid.png, keeps the best
/// generator as netG_best.pth (<see cref="BestGeneratorKeeper"/>), and hands the FID back for metrics.csv.
/// </summary>
internal sealed class QualityTracker : IDisposable
{
    readonly QualityProbe probe;
    readonly QualityCsv csv;
    readonly DcganOptions options;
    readonly string outf;
    readonly RunState run;
    readonly BestGeneratorKeeper best;

    QualityTracker(QualityProbe probe, QualityCsv csv, DcganOptions options, string outf, RunState run, BestGeneratorKeeper best)
    {
        this.probe = probe;
        this.csv = csv;
        this.options = options;
        this.outf = outf;
        this.run = run;
        this.best = best;
        run.Best = best.Current;
    }

    /// <summary>Null unless --eval-every is set. Real statistics are computed (and cached) here, once.</summary>
    /// <param name="run">The run (its seed, and the best generator so far, which this keeps up to date).</param>
    public static QualityTracker? Open(DcganOptions options, RunState run, Device device, ITrainingReporter reporter, string outf)
    {
        if (options.EvalEvery == 0)
            return null;
        var log = new ReporterWriter(reporter);
        QualityProbe probe;
        using (HostThreads.ForCpuWork())
            probe = QualityProbe.Open(options.EvalFeatures, Spelling.Of(options.Dataset!.Value), options.DataRoot, run.Generator.Architecture, device, log,
                options.EvalCacheFolder, allowDownload: options.Download, new RealDataOptions(options.EvalRealCount, options.FakeCount, run.Seed));
        reporter.Info($"Judge ({probe.Features.FidName}): {probe.Features.Description}");
        try
        {
            var judge = probe.Features.FidName;
            var keeper = new BestGeneratorKeeper(outf, judge, run.Best, reporter.Info);
            if (keeper.Current is { } kept)
                reporter.Info($"Best so far: {kept} in {BestGenerator.FileName}");
            return new QualityTracker(probe, new QualityCsv(Path.Combine(outf, QualityCsv.FileName), judge, run.Progress.GlobalStep), options, outf, run, keeper);
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
        FidPlot.Write(QualityCsv.ReadFid(csv.Path, probe.Features.FidName), Path.Combine(outf, FidPlot.FileName), probe.Features.FidName);
        var kept = best.Offer(result.Fid, globalStep, epoch, generator);
        run.Best = best.Current;
        var verdict = kept ? $"; best so far, kept as {BestGenerator.FileName}"
            : best.Current is { } b ? string.Create(CultureInfo.InvariantCulture, $"; best stays {b.Fid:F2} at step {b.GlobalStep}") : "";
        reporter.Info(string.Create(CultureInfo.InvariantCulture,
            $"step {globalStep}: {probe.Features.FidName} {result.Fid:F2}, KID {result.Kid.Mean:F4}, precision {result.Precision:F3}, recall {result.Recall:F3} ({result.Samples} samples, {result.Seconds:F1} s){verdict}"));
        return result.Fid;
    }

    public void Dispose()
    {
        csv.Dispose();
        probe.Dispose();
    }
}
