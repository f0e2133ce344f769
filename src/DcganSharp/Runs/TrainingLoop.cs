using System.Diagnostics;
using DcganSharp.Checkpoints;
using DcganSharp.Data;
using DcganSharp.Imaging;
using DcganSharp.Interop;
using DcganSharp.Models;
using DcganSharp.Reporting;
using DcganSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DcganSharp.Runs;

/// <summary>The state of one training run, and the loop that advances it.</summary>
internal sealed class TrainingLoop(ITrainingReporter reporter, TrainingOptions options, TrainingRecipe recipe, IImageDataset dataset, DcganGenerator generator,
    DcganDiscriminator discriminator, GeneratorAverage? average, Tensor fixedNoise, NetworkSnapshot initial, string outf, int seed, Device device)
{
    readonly DivergenceGuard guard = new(options.CollapsePatience, options.CollapseMargin);
    readonly ThroughputMeter throughput = new();

    public CheckpointStore Store { get; } = new(outf, options.Keep);

    /// <summary>How the run trains: the given recipe, with D's learning rate halved by each rollback.</summary>
    public TrainingRecipe Recipe { get; private set; } = recipe;

    public required GanTrainingStep Step { get; set; }

    public required TrainingProgress Progress { get; set; }

    public required List<HistoryEntry> History { get; set; }

    TrainingVisuals visuals = null!;
    QualityTracker? quality;

    public TrainingResult Train(CancellationToken cancellation)
    {
        visuals = OpenVisuals();
        try
        {
            quality = QualityTracker.Open(options, generator.Architecture, device, reporter, outf, Progress.GlobalStep);
            return TrainEpochs(cancellation);
        }
        finally
        {
            quality?.Dispose();
            visuals.Dispose();
        }
    }

    /// <summary>metrics.csv, losses.png, progress.gif (and TensorBoard), continuing from the current step.</summary>
    TrainingVisuals OpenVisuals() =>
        new(outf, options.TensorBoard ? Path.Combine(outf, "tensorboard") : null, resumeFromStep: Progress.GlobalStep);

    TrainingResult TrainEpochs(CancellationToken cancellation)
    {
        // On a GPU the workers deliver pinned batches, so the training thread only queues their copy.
        using var loader = new BatchLoader(dataset, options.BatchSize, seed, options.Workers, pinMemory: device.type == DeviceType.CUDA);
        var unreadable = 0;
        loader.UnreadableImage += skipped =>
        {
            unreadable++;
            if (skipped.FirstTime)
                reporter.Warn($"skipped unreadable image {skipped}");
        };
        if (loader.BatchesPerEpoch == 0)
            throw new DcganException($"the dataset has {dataset.Count} image(s); training needs at least 2 (BatchNorm over a batch of one image is undefined); add images");

        var epochs = options.DryRun ? 1 : options.Epochs;
        var iterations = 0L;
        var last = History.Count > 0 ? History[^1].Statistics : default;
        while (Progress.Epoch < epochs)
        {
            var epoch = Progress.Epoch;
            var clock = Stopwatch.StartNew();
            var waitedBefore = loader.Statistics.Waited;
            var rolledBack = false;
            foreach (var batch in loader.Epoch(epoch, Progress.NextBatch))
            {
                var i = Progress.NextBatch;
                using (batch)
                using (var scope = NewDisposeScope())
                {
                    // From pinned memory the copy to a GPU overlaps the work already queued.
                    var real = device.type == DeviceType.CUDA ? batch.Images.to(device, non_blocking: true) : batch.Images;
                    last = Step.Run(real, generator.SampleLatent(batch.Count, device));
                    iterations++;
                    Progress = Progress with { NextBatch = i + 1, GlobalStep = Progress.GlobalStep + 1 };
                    average?.Update(generator, Progress.GlobalStep * options.BatchSize, batch.Count);
                    History.Add(new HistoryEntry(epoch, i, last));
                    throughput.Add(batch.Count);
                    var remaining = throughput.Remaining((long)(epochs - epoch) * loader.BatchesPerEpoch - i - 1, options.BatchSize);
                    var report = new IterationReport(epoch, epochs, i, loader.BatchesPerEpoch, last, throughput.ImagesPerSecond, remaining);
                    reporter.Iteration(report);
                    visuals.Iteration(report, quality?.MeasureIfDue(Progress.GlobalStep, epoch, SampledGenerator, device, reporter));
                    if (i % options.SampleEvery == 0)
                    {
                        WriteGrid(real, "real_samples.png");
                        WriteFixedNoiseSamples(epoch).Dispose();
                    }
                }

                if (guard.Observe(Progress.GlobalStep, last) is { } reason && options.OnDiverge != "ignore")
                {
                    if (options.OnDiverge != "rollback" || Progress.Rollbacks >= options.MaxRollbacks)
                        throw Diverged(epoch, i, reason);
                    RollBack(reason);
                    rolledBack = true;
                    break;
                }
                if (options.SaveEvery > 0 && Progress.GlobalStep % options.SaveEvery == 0)
                    SaveCheckpoint(endOfEpoch: null);
                if (options.DryRun || cancellation.IsCancellationRequested)
                    break;
            }
            if (rolledBack)
                continue;
            if (cancellation.IsCancellationRequested && Progress.NextBatch < loader.BatchesPerEpoch && !options.DryRun)
            {
                SaveCheckpoint(endOfEpoch: null);
                return Result(iterations, last, interrupted: true);
            }

            // End of epoch: the reference's weight files, a final sample grid, the visuals, a checkpoint.
            using (var fake = WriteFixedNoiseSamples(epoch))
            using (var frame = ImageGrid.ToRgbBytes(fake, normalize: false))
                visuals.EpochEnd(epoch, Progress.GlobalStep, frame);
            // netG_epoch_N.pth stays the trained generator, loadable by pytorch/examples as it is; the average beside it.
            StateDictFile.Save(generator, Path.Combine(outf, $"netG_epoch_{epoch}.pth"));
            if (average is not null)
                StateDictFile.Save(average.Average, Path.Combine(outf, $"netG_ema_epoch_{epoch}.pth"));
            StateDictFile.Save(discriminator, Path.Combine(outf, $"netD_epoch_{epoch}.pth"));
            Progress = Progress with { Epoch = epoch + 1, NextBatch = 0 };
            SaveCheckpoint(endOfEpoch: epoch);
            reporter.EpochEnd(epoch, epochs, clock.Elapsed);
            if (unreadable > 0)
                reporter.Warn($"{unreadable} image(s) could not be read and were skipped this epoch");
            if (loader.Statistics.Waited - waitedBefore is var waited && waited.TotalSeconds >= 1 && waited > clock.Elapsed * 0.1)
                reporter.Info($"note: training waited for data {waited / clock.Elapsed:P0} of this epoch; more --workers (now {options.Workers}) or --cache would help");
            unreadable = 0;
            if (options.DryRun)
                break;
            if (cancellation.IsCancellationRequested && Progress.Epoch < epochs)
                return Result(iterations, last, interrupted: true);
        }
        return Result(iterations, last, interrupted: false);
    }

    TrainingResult Result(long iterations, StepStatistics last, bool interrupted) =>
        new(seed, iterations, last, outf, Progress, interrupted);

    void SaveCheckpoint(int? endOfEpoch)
    {
        using var checkpoint = Capture();
        if (endOfEpoch is { } epoch)
            Store.SaveEpoch(checkpoint, epoch);
        else
            Store.SaveLatest(checkpoint);
    }

    /// <summary>A self-contained copy of the current state (tensors cloned to the CPU).</summary>
    TrainingCheckpoint Capture()
    {
        static Dictionary<string, Tensor> Copy(nn.Module module) =>
            module.state_dict().ToDictionary(p => p.Key, p => StateDictFile.ContiguousCopy(p.Value));
        return new TrainingCheckpoint
        {
            Config = new CheckpointConfig
            {
                Options = StoredSettings.ForCheckpoint(options, seed, generator.Architecture.Channels),
                Recipe = Recipe,
                DatasetDescription = dataset.Description,
            },
            Progress = Progress,
            Healthy = guard.StreakStart is null,
            Generator = Copy(generator),
            Discriminator = Copy(discriminator),
            GeneratorAverage = average is null ? null : Copy(average.Average),
            GeneratorOptimizer = AdamStateDict.Export(Step.GeneratorOptimizer),
            DiscriminatorOptimizer = AdamStateDict.Export(Step.DiscriminatorOptimizer),
            FixedNoise = fixedNoise.cpu().clone(),
            RngState = get_rng_state(),
            History = History,
        };
    }

    /// <summary>Restores the newest healthy checkpoint from before the trouble began (or the initial weights) and reseeds the noise.</summary>
    void RollBack(string reason)
    {
        var target = Store.LastGoodBefore(guard.StreakStart ?? Progress.GlobalStep);
        // A rollback is a recovery, not a replay: what the guard sees is D winning outright (or the
        // losses blowing up), so D learns at half the rate from here on; the new rate is checkpointed.
        Recipe = Recipe with { DiscriminatorLearningRateScale = Recipe.DiscriminatorLearningRateScale / 2 };
        Step.Dispose();
        Step = GanTrainingStep.For(generator, discriminator, options, Recipe);
        string from;
        if (target is not null)
        {
            using var checkpoint = TrainingCheckpoint.Load(target);
            StateDictFile.LoadInto(generator, checkpoint.Generator, $"checkpoint '{target}' (netG)");
            StateDictFile.LoadInto(discriminator, checkpoint.Discriminator, $"checkpoint '{target}' (netD)");
            average?.Load(checkpoint.GeneratorAverage ?? StateDictFile.ContiguousView(generator), $"checkpoint '{target}' (netG_ema)");
            AdamStateDict.Import(Step.GeneratorOptimizer, checkpoint.GeneratorOptimizer, $"checkpoint '{target}' (optimizerG)");
            AdamStateDict.Import(Step.DiscriminatorOptimizer, checkpoint.DiscriminatorOptimizer, $"checkpoint '{target}' (optimizerD)");
            Progress = checkpoint.Progress with { Rollbacks = Progress.Rollbacks };
            History = checkpoint.History.ToList();
            from = $"checkpoint '{target}' (step {Progress.GlobalStep})";
        }
        else
        {
            initial.Restore(generator, discriminator);
            average?.Load(StateDictFile.ContiguousView(generator), "the initial generator");
            Progress = new TrainingProgress(0, 0, 0, Progress.Rollbacks, Progress.NoiseSeed);
            History = [];
            from = "the initial weights";
        }
        var rollbacks = Progress.Rollbacks + 1;
        var noiseSeed = seed + 7919L * rollbacks;
        manual_seed(noiseSeed);
        Progress = Progress with { Rollbacks = rollbacks, NoiseSeed = noiseSeed };
        guard.Reset();
        visuals.Dispose();
        visuals = OpenVisuals();
        quality?.Dispose();
        quality = QualityTracker.Open(options, generator.Architecture, device, reporter, outf, Progress.GlobalStep);
        reporter.Warn($"training diverged: {reason}; rolled back to {from} with a fresh noise seed {noiseSeed} and D's learning rate halved to {options.LearningRate * Recipe.DiscriminatorLearningRateScale:G3} (rollback {rollbacks} of {options.MaxRollbacks})");
    }

    DcganException Diverged(int epoch, int iteration, string reason)
    {
        var lastGood = Store.LastGoodBefore(guard.StreakStart ?? Progress.GlobalStep);
        var where = lastGood is null ? "no checkpoint from before it exists" : $"the last good checkpoint is '{lastGood}'";
        var advice = options.OnDiverge == "rollback"
            ? $"it kept diverging after {Progress.Rollbacks} rollback(s); try a lower --lr or smaller --ndf"
            : $"rerun with --on-diverge rollback to restart from {(lastGood is null ? "the initial weights" : "it")} with fresh noise, or try a lower --lr";
        return new DcganException($"training diverged at epoch {epoch}, iteration {iteration}: {reason}; outputs in '{outf}' were kept and {where}; {advice}");
    }

    /// <summary>Writes fake_samples_epoch_NNN.png and returns the samples (the caller disposes them).</summary>
    Tensor WriteFixedNoiseSamples(int epoch)
    {
        Tensor fake;
        if (average is null)
        {
            // Like the reference: the fixed noise goes through G in training mode (batch statistics).
            using var noGrad = no_grad();
            fake = generator.forward(fixedNoise);
        }
        else
        {
            // The average in eval mode, as `dcgan sample` draws it.
            fake = SampledGenerator().forward(fixedNoise);
        }
        WriteGrid(fake, $"fake_samples_epoch_{epoch:D3}.png");
        return fake;
    }

    /// <summary>The generator whose images the run shows and measures: the average (its BatchNorm statistics measured now), else G.</summary>
    DcganGenerator SampledGenerator()
    {
        if (average is null)
            return generator;
        average.MeasureStatistics(seed * 1_000_003L + Progress.GlobalStep);
        return average.Average;
    }

    void WriteGrid(Tensor images, string name)
    {
        using var grid = ImageGrid.ToRgbBytes(images);
        PngFile.Write(Path.Combine(outf, name), grid);
    }
}
